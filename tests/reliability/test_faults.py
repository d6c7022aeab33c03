"""Upstream faults on loopback: fallback before the first byte, a clean error event after it, sockets released,
every request logged once; and a failing store never breaks a served request (the loss is counted, not silent)."""

from __future__ import annotations

import threading
import time

import orjson
import pytest
from werkzeug.test import EnvironBuilder, run_wsgi_app

from model_prism.models import Provider, RequestLog
from model_prism.snapshot import propagation
from tests.factories import make_provider, make_tenant
from tests.fakes.openai_server import FakeOpenAI

from .hostile_upstream import HostileUpstream, closed_port

pytestmark = pytest.mark.slow
BEFORE_FIRST_BYTE = ["status-500", "status-503", "status-429", "hang", "trickle-headers", "refused"]
HEALTHY_REPLY = "Hello from the fake upstream."


@pytest.fixture
def hostile():
    with HostileUpstream() as h:
        yield h


@pytest.fixture
def healthy():
    with FakeOpenAI() as f:
        yield f


def _provider(state, name: str, url: str, **options):
    p = make_provider(state, name=name, base_url=url)
    if options:
        p.config = {**p.config, "options": {**(p.config.get("options") or {}), **options}}
        p.save()
    return p


def _tenant(state, providers, slug="faults"):
    _, key = make_tenant(slug=slug, providers_=providers)
    propagation.bump()
    return {"Authorization": f"Bearer {key}"}


def _refuse(provider) -> None:
    provider.config = {**provider.config, "baseUrl": closed_port()}
    provider.save()
    propagation.bump()


def _chat(client, headers, rid: str, stream=False, slug="faults"):
    body = {
        "model": "gpt-4o",
        "messages": [{"role": "user", "content": "hi"}],
        "stream": stream,
        "max_tokens": 9,
    }
    return client.post(
        f"/api/{slug}/v1/chat/completions", json=body, headers={**headers, "x-request-id": rid}
    )


def _frames(res) -> list:
    text = res.get_data(as_text=True)
    return [line[6:] for line in text.split("\n") if line.startswith("data: ")]


def _stream_text(frames) -> str:
    out = []
    for f in frames:
        if f.startswith("{"):
            for c in orjson.loads(f).get("choices") or []:
                out.append((c.get("delta") or {}).get("content") or "")
    return "".join(out)


def _one_log(state, rid: str) -> RequestLog:
    state.sink.flush()
    logs = list(RequestLog.objects(requestId=rid))
    assert len(logs) == 1, f"{len(logs)} request logs for {rid}"
    return logs[0]


@pytest.mark.parametrize("stream", [False, True], ids=["json", "sse"])
@pytest.mark.parametrize("mode", BEFORE_FIRST_BYTE)
def test_failure_before_the_first_byte_falls_back_and_frees_the_upstream(
    client, state, hostile, healthy, mode, stream
):
    bad = _provider(state, "Hostile", hostile.base_url, timeoutSeconds=1)
    good = _provider(state, "Healthy", healthy.base_url)
    headers = _tenant(state, [bad, good])
    if mode == "refused":
        _refuse(bad)
    hostile.mode = mode
    threads = threading.active_count()
    res = _chat(client, headers, f"fb-{mode}-{stream}", stream=stream)
    assert res.status_code == 200, res.get_data(as_text=True)[:300]
    text = _stream_text(_frames(res)) if stream else res.get_json()["choices"][0]["message"]["content"]
    assert text == HEALTHY_REPLY
    log = _one_log(state, f"fb-{mode}-{stream}")
    assert log.status == "success" and log.handledFallback and log.attempts[0]["provider"] == "hostile"
    assert hostile.settle() == 0
    assert mode == "refused" or hostile.calls == 1
    time.sleep(0.05)
    assert threading.active_count() <= threads + 1  # a hung upstream thread may still be winding down


@pytest.mark.parametrize("mode,status,etype", [("status-429", 429, "rate_limit_error"),
                                               ("status-500", 502, "provider_error"),
                                               ("hang", 502, "provider_error"),
                                               ("refused", 502, "provider_error")])  # fmt: skip
def test_terminal_upstream_failure_answers_in_openai_shape_and_is_logged(
    client, state, hostile, mode, status, etype
):
    bad = _provider(state, "Hostile", hostile.base_url, timeoutSeconds=1)
    headers = _tenant(state, [bad])
    if mode == "refused":
        _refuse(bad)
    hostile.mode = mode
    res = _chat(client, headers, f"term-{mode}")
    err = res.get_json()["error"]
    assert res.status_code == status and err["type"] == etype and {"message", "code", "param"} <= set(err)
    if status == 429:
        assert res.headers["Retry-After"] == "3"
    log = _one_log(state, f"term-{mode}")
    assert log.status == "error" and log.httpStatus == status
    assert hostile.settle() == 0


@pytest.mark.parametrize(
    "mode",
    [
        "cut",
        "eof-without-done",
    ],
)  # fmt: skip
def test_failure_after_the_first_byte_ends_with_a_clean_error_event(client, state, hostile, healthy, mode):
    bad = _provider(state, "Hostile", hostile.base_url, timeoutSeconds=1)
    good = _provider(state, "Healthy", healthy.base_url)
    headers = _tenant(state, [bad, good])
    hostile.mode = mode
    res = _chat(client, headers, f"mid-{mode}", stream=True)
    frames = _frames(res)
    assert res.status_code == 200 and frames[-1] == "[DONE]"
    errors = [orjson.loads(f)["error"] for f in frames if f.startswith('{"error"')]
    assert len(errors) == 1 and errors[0]["code"] == "stream_interrupted", frames
    assert _stream_text(frames).startswith("Hel") and not healthy.requests  # no fallback after the first byte
    log = _one_log(state, f"mid-{mode}")
    assert log.status == "error"
    assert hostile.settle() == 0


def test_malformed_sse_lines_are_skipped_and_the_valid_rest_is_relayed(client, state, hostile):
    """Documented in providers/sse.py: unparsable data lines are skipped, as OpenAI's own clients do."""
    headers = _tenant(state, [_provider(state, "Hostile", hostile.base_url, timeoutSeconds=1)])
    hostile.mode = "malformed"
    frames = _frames(_chat(client, headers, "malformed", stream=True))
    assert frames[-1] == "[DONE]" and not [f for f in frames if f.startswith('{"error"')]
    assert _stream_text(frames) == "Hel" and _one_log(state, "malformed").status == "success"
    assert hostile.settle() == 0


@pytest.mark.parametrize(
    "mode",
    [
        "slow-stream",
        "slow-stream-close",
    ],
)  # fmt: skip
def test_a_client_disconnecting_mid_stream_frees_the_upstream_and_is_logged(client, state, hostile, mode):
    bad = _provider(state, "Hostile", hostile.base_url, timeoutSeconds=5)
    headers = _tenant(state, [bad])
    hostile.mode = mode
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}], "stream": True}
    environ = EnvironBuilder(path="/api/faults/v1/chat/completions", method="POST", json=body,
                             headers={**headers, "x-request-id": "gone"}).get_environ()  # fmt: skip
    app_iter, status, _ = run_wsgi_app(client.application.wsgi_app, environ, buffered=False)
    it = iter(app_iter)
    got = [next(it), next(it)]
    assert status.startswith("200") and b"data: " in got[0] and hostile.chunks_sent < 10
    started = time.monotonic()
    app_iter.close()  # the client goes away: the WSGI server closes the iterable
    closed_after = time.monotonic() - started
    assert hostile.settle(4) == 0 and time.monotonic() - started < 4, f"closing took {closed_after:.1f}s"
    assert hostile.chunks_sent < 50  # the upstream stopped early: it was not drained to the end
    log = _one_log(state, "gone")
    assert log.status == "error" and log.httpStatus == 499


def test_a_store_that_fails_every_write_never_breaks_the_request_and_the_loss_is_counted(
    client, state, healthy, caplog
):
    headers = _tenant(state, [_provider(state, "Healthy", healthy.base_url)])

    def broken(batch):
        raise RuntimeError("store down")

    state.sink._writer = broken
    res = _chat(client, headers, "store-down")
    assert res.status_code == 200 and res.get_json()["choices"][0]["message"]["content"] == HEALTHY_REPLY
    dropped = state.sink.dropped
    state.sink.flush()
    assert state.sink.dropped == dropped + 1
    assert "analytics dropped 1 event(s): write failed" in caplog.text


def test_a_store_that_fails_once_is_retried_and_the_request_is_still_logged(client, state, healthy):
    headers = _tenant(state, [_provider(state, "Healthy", healthy.base_url)])
    real, calls = state.sink._writer, []

    def flaky(batch):
        calls.append(len(batch))
        if len(calls) == 1:
            raise RuntimeError("primary stepped down")
        real(batch)

    state.sink._writer = flaky
    assert _chat(client, headers, "store-flaky").status_code == 200
    state.sink._writer = flaky
    log = _one_log(state, "store-flaky")
    assert log.status == "success" and state.sink.dropped == 0 and calls == [1, 1]


def test_fault_cases_leave_no_provider_half_configured(state, hostile):
    """A sanity check of the fixture itself: discovery against the hostile upstream finds its one model."""
    p = _provider(state, "Hostile", hostile.base_url)
    assert [m.id for m in Provider.objects.get(id=p.id).discoveredModels] == ["gpt-4o"]
