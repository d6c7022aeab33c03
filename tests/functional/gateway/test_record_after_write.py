"""An answer is written before its usage record, limits settlement and metrics run (they are not part of what the
client waits for: a JSON body, or a stream's closing `[DONE]`), and the request is recorded exactly once whether the
body was written or the client left first."""

from __future__ import annotations

import orjson
import pytest
from werkzeug.test import EnvironBuilder, run_wsgi_app

from model_prism.gateway.fastpath import GatewayFastPath
from model_prism.models import RequestLog
from tests.factories import make_provider, make_tenant

BODY = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Say hello"}]}


@pytest.fixture
def key(state, fake_openai):
    provider = make_provider(state, base_url=fake_openai.base_url)
    return make_tenant(providers_=[provider], routing={"enabled": True, "defaultModel": "gpt-4o-mini"})[1]


@pytest.fixture(params=["fast-path", "flask"])
def wsgi(request, app):
    """The app as a WSGI server calls it: through the gateway's fast path, or with it handing everything to Flask."""
    fast = app.wsgi_app.app
    assert isinstance(fast, GatewayFastPath)
    if request.param == "flask":
        app.wsgi_app.app = fast.inner
    yield app.wsgi_app
    app.wsgi_app.app = fast


def _start(wsgi, key, rid, body=BODY):
    """Give (body iterable, status) once the server has the status line and the first body chunk, as gunicorn does."""
    environ = EnvironBuilder(
        path="/api/team-a/v1/chat/completions",
        method="POST",
        data=orjson.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}", "x-request-id": rid},
    ).get_environ()
    body, status, _ = run_wsgi_app(wsgi, environ, buffered=False)
    return body, status


def _logs(state, rid):
    state.sink.flush()
    return list(RequestLog.objects(requestId=rid))


def test_the_record_follows_the_written_answer_once(wsgi, state, key):
    body, status = _start(wsgi, key, "written")
    assert status.startswith("200")
    assert _logs(state, "written") == []  # the answer is not out yet: nothing recorded
    answer = orjson.loads(b"".join(body))
    assert answer["choices"][0]["message"]["content"]
    [log] = _logs(state, "written")
    assert log.status == "success" and log.inputTokens == answer["usage"]["prompt_tokens"]
    body.close()  # the server closes the iterable after writing: no second record
    assert len(_logs(state, "written")) == 1


def test_a_client_gone_before_the_write_still_gets_its_request_recorded(wsgi, state, key):
    body, status = _start(wsgi, key, "gone-early")
    assert status.startswith("200") and _logs(state, "gone-early") == []
    body.close()  # the write failed (client gone): the server only closes the iterable
    [log] = _logs(state, "gone-early")
    assert log.status == "success"  # the provider answered and billed it


def test_a_failing_record_never_breaks_the_written_answer(wsgi, state, key, caplog, monkeypatch):
    def down(event):
        raise RuntimeError("sink down")

    monkeypatch.setattr(state.sink, "submit", down)
    body, status = _start(wsgi, key, "sink-down")
    answer = orjson.loads(b"".join(body))
    body.close()
    assert status.startswith("200") and answer["choices"][0]["message"]["content"]
    assert "recording a served request failed" in caplog.text
    monkeypatch.undo()
    again, status = _start(wsgi, key, "after-failure")
    b"".join(again)
    again.close()
    assert status.startswith("200") and len(_logs(state, "after-failure")) == 1


def _until_done(frames) -> list[bytes]:
    got = []
    for frame in frames:
        got.append(frame)
        if frame.endswith(b"data: [DONE]\n\n"):
            return got
    raise AssertionError(f"no [DONE] in {got}")


def test_a_stream_ends_with_done_before_its_record_and_is_recorded_once(wsgi, state, key):
    body, status = _start(wsgi, key, "streamed", {**BODY, "stream": True})
    frames = iter(body)
    got = _until_done(frames)
    assert got[-1].startswith(b"data: {")  # the closing usage chunk and [DONE] leave in one write
    usage = orjson.loads(b"".join(got).split(b"\n\n")[-3][len(b"data: ") :])
    assert status.startswith("200") and usage["choices"] == [] and usage["usage"]["total_tokens"] > 0
    assert _logs(state, "streamed") == []  # the client has the whole stream; its record comes next
    assert list(frames) == []  # the server asks for more: the record runs, nothing else is sent
    body.close()
    [log] = _logs(state, "streamed")
    assert (
        log.status == "success" and log.streaming and log.outputTokens == usage["usage"]["completion_tokens"]
    )


def test_a_client_gone_right_after_done_is_a_served_stream_not_a_disconnect(wsgi, state, key):
    body, _ = _start(wsgi, key, "gone-after-done", {**BODY, "stream": True})
    _until_done(iter(body))
    body.close()  # the client closed the connection after [DONE]: the server closes the iterable
    [log] = _logs(state, "gone-after-done")
    assert log.status == "success" and log.httpStatus != 499
