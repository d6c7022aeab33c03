"""A hostile corpus against the gateway: never a 5xx, always OpenAI's error shape (Anthropic's on /messages),
at most one request log per request, and the limit on body size answered with 413."""

from __future__ import annotations

import collections
import itertools
import json

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model_prism.app import create_app
from model_prism.models import RequestLog
from tests.conftest import make_config
from tests.factories import make_provider, make_tenant
from tests.fakes.openai_server import FakeOpenAI

from .gateway_corpus import (
    ANTHROPIC_BODY,
    CHAT_BODY,
    CONTENT_TYPES,
    DEEP_BODIES,
    NEAR_VALID_CHAT,
    OTHER_BODY,
    RAW_BODIES,
)

pytestmark = pytest.mark.slow

OPENAI_PATHS = ["/api/fuzz/v1/chat/completions", "/v1/chat/completions", "/api/fuzz/v1/completions",
                "/api/fuzz/v1/embeddings", "/api/fuzz/v1/route/explain"]  # fmt: skip
ANTHROPIC_PATHS = ["/api/fuzz/v1/messages", "/api/fuzz/v1/messages/count_tokens"]
FUZZ = settings(max_examples=300, deadline=None, database=None, derandomize=True,
                suppress_health_check=list(HealthCheck))  # fmt: skip
_ids = itertools.count()


class Harness:
    """Sends one request per example, checks its answer and remembers every request id for the log check."""

    def __init__(self, client, key: str) -> None:
        self.client, self.key = client, key
        self.sent: list[str] = []
        self.problems: list[str] = []
        self.statuses: collections.Counter[int] = collections.Counter()

    def send(self, path: str, data: bytes, content_type: str = "application/json", key: str | None = None):
        rid = f"fuzz-{next(_ids)}"
        headers = {"Authorization": f"Bearer {key or self.key}", "x-request-id": rid}
        res = self.client.post(path, data=data, headers=headers, content_type=content_type)
        body = res.get_data()  # drains a stream too
        self.sent.append(rid)
        self.statuses[res.status_code] += 1
        self.check(path, data, res.status_code, res.mimetype, body)
        return res.status_code, body

    def check(self, path: str, data: bytes, status: int, mimetype: str, body: bytes) -> None:
        where = f"POST {path} body={data[:160]!r}"
        if status >= 500:
            self.problems.append(f"{where} → {status} {body[:300]!r}")
            return
        if status < 400:
            if mimetype == "text/event-stream" and b'"error"' in body and b"stream_interrupted" not in body:
                self.problems.append(f"{where} → 200 stream with an error frame {body[-300:]!r}")
            return
        try:
            doc = orjson.loads(body)
        except orjson.JSONDecodeError:
            self.problems.append(f"{where} → {status} non-JSON error {body[:200]!r}")
            return
        anthropic = "/messages" in path
        ok = _anthropic_shape(doc) if anthropic else _openai_shape(doc)
        if not ok:
            self.problems.append(f"{where} → {status} wrong error shape {doc!r:.300}")


def _openai_shape(doc) -> bool:
    err = doc.get("error") if isinstance(doc, dict) else None
    return (
        isinstance(err, dict)
        and isinstance(err.get("message"), str)
        and isinstance(err.get("type"), str)
        and {"code", "param"} <= set(err)
    )


def _anthropic_shape(doc) -> bool:
    err = doc.get("error") if isinstance(doc, dict) else None
    return (
        isinstance(doc, dict)
        and doc.get("type") == "error"
        and isinstance(err, dict)
        and isinstance(err.get("type"), str)
        and isinstance(err.get("message"), str)
    )


@pytest.fixture(scope="module")
def fuzz_env(tmp_path_factory):
    app = create_app(make_config(DATA_DIR=str(tmp_path_factory.mktemp("fuzz")), MAX_BODY_MB="1"),
                     start_background=False)  # fmt: skip
    state = app.extensions["model_prism"]
    with FakeOpenAI() as fake, app.app_context():
        provider = make_provider(state, name="Fake OpenAI", base_url=fake.base_url)
        _, key = make_tenant(
            slug="fuzz", providers_=[provider], routing={"enabled": True, "defaultModel": "gpt-4o-mini"}
        )
        yield Harness(app.test_client(), key), state


@pytest.fixture
def fuzz(fuzz_env):
    """The module's harness with this test's problem list started empty."""
    fuzz_env[0].problems.clear()
    return fuzz_env


def _assert_clean(h: Harness, state, minimum: int) -> None:
    assert not h.problems, f"{len(h.problems)} problem(s):\n" + "\n".join(h.problems[:30])
    state.sink.flush()
    per_request = collections.Counter(r.requestId for r in RequestLog.objects.only("requestId"))
    doubled = {rid: n for rid, n in per_request.items() if n > 1 and rid in set(h.sent)}
    assert not doubled, f"more than one request log for {doubled}"
    assert len(h.sent) >= minimum
    print("gateway fuzz statuses so far:", dict(sorted(h.statuses.items())), "requests:", len(h.sent))


def test_openai_surface_answers_any_json_body_with_its_own_shape(fuzz):
    h, state = fuzz

    @FUZZ
    @given(path=st.sampled_from(OPENAI_PATHS), body=CHAT_BODY | OTHER_BODY | NEAR_VALID_CHAT)
    def run(path, body):
        h.send(path, json.dumps(body).encode())

    run()
    _assert_clean(h, state, 300)


def test_anthropic_surface_answers_any_json_body_with_its_own_shape(fuzz):
    h, state = fuzz

    @FUZZ
    @given(path=st.sampled_from(ANTHROPIC_PATHS), body=ANTHROPIC_BODY)
    def run(path, body):
        h.send(path, json.dumps(body).encode())

    run()
    _assert_clean(h, state, 300)


def test_raw_bytes_and_content_types_never_reach_a_5xx(fuzz):
    h, state = fuzz

    @FUZZ
    @given(path=st.sampled_from(OPENAI_PATHS + ANTHROPIC_PATHS), data=RAW_BODIES, ctype=CONTENT_TYPES)
    def run(path, data, ctype):
        status, _ = h.send(path, data, ctype)
        assert status >= 400 or data.strip().startswith(b"{")

    run()
    _assert_clean(h, state, 300)


@pytest.mark.parametrize("path", ["/api/fuzz/v1/chat/completions", "/api/fuzz/v1/messages"])
@pytest.mark.parametrize("index", range(len(DEEP_BODIES)))
def test_deep_nesting_and_too_many_messages_are_refused_cleanly(fuzz, path, index):
    h, state = fuzz
    status, _ = h.send(path, DEEP_BODIES[index])
    assert status < 500
    _assert_clean(h, state, 1)


@pytest.mark.parametrize("path", ["/api/fuzz/v1/chat/completions", "/v1/embeddings", "/api/fuzz/v1/messages"])
def test_a_body_over_max_body_mb_is_413_in_the_surface_shape(fuzz, path):
    h, state = fuzz
    big = orjson.dumps(
        {"model": "gpt-4o", "messages": [{"role": "user", "content": "x" * (1024 * 1024 + 10)}]}
    )
    before = RequestLog.objects.count()
    status, body = h.send(path, big)
    assert status == 413, body[:200]
    state.sink.flush()
    assert RequestLog.objects.count() == before  # refused before anything is attributed or stored


def test_wrong_keys_are_401_in_the_surface_shape_and_never_logged(fuzz):
    h, state = fuzz
    before = RequestLog.objects.count()
    good = orjson.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 5})
    for key in ["omp-" + "0" * 64, "nonsense", "omp-" + h.key[4:-1] + "x", "Bearer " + h.key]:
        for path in ("/api/fuzz/v1/chat/completions", "/api/fuzz/v1/messages"):
            status, _ = h.send(path, good, key=key)
            assert status == 401
    state.sink.flush()
    assert RequestLog.objects.count() == before
    _assert_clean(h, state, 8)


@pytest.mark.parametrize(
    "path,body",
    [
        ("/api/fuzz/v1/completions", {"model": "gpt-4o-mini", "prompt": [1, 2, 3]}),
        ("/api/fuzz/v1/embeddings", {"model": "text-embedding-3-small", "input": [1, 2, 3]}),
    ],
)
def test_token_id_arrays_are_served_or_refused_cleanly(fuzz, path, body):
    h, _ = fuzz
    status, _ = h.send(path, json.dumps(body).encode())
    assert status < 500


def test_one_request_with_a_huge_max_tokens_does_not_lose_the_batch_it_lands_in(fuzz):
    h, state = fuzz
    state.sink.flush()
    dropped = state.sink.dropped
    for rid, max_tokens in (("batch-ok", 5), ("batch-poison", 2**63)):
        body = {"model": "auto", "messages": [{"role": "user", "content": "hi"}], "max_tokens": max_tokens}
        res = h.client.post("/api/fuzz/v1/chat/completions", data=json.dumps(body), content_type="application/json",
                            headers={"Authorization": f"Bearer {h.key}", "x-request-id": rid})  # fmt: skip
        assert res.status_code in (200, 400)
    state.sink.flush()
    assert state.sink.dropped == dropped
    assert RequestLog.objects(requestId="batch-ok").count() == 1
