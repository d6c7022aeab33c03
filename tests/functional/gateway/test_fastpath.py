"""The WSGI fast path answers the gateway's POST endpoints exactly as the Flask views do."""

from __future__ import annotations

import orjson
import pytest

from model_prism.gateway.fastpath import GatewayFastPath
from tests.factories import make_provider, make_tenant

BODY = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Say hello"}]}
DYNAMIC = {
    "x-request-id",
    "x-session-id",
    "x-model-prism-cost",
    "x-model-prism-baseline-cost",
    "content-length",
}


@pytest.fixture
def key(state, fake_openai):
    provider = make_provider(state, base_url=fake_openai.base_url)
    return make_tenant(providers_=[provider], routing={"enabled": True, "defaultModel": "gpt-4o-mini"})[1]


@pytest.fixture
def flask_only(app):
    """A client whose requests always take the Flask views (the fast path handed everything on)."""
    fast = app.wsgi_app.app
    assert isinstance(fast, GatewayFastPath)
    app.wsgi_app.app = fast.inner
    yield app.test_client()
    app.wsgi_app.app = fast


def _post(client, path, key=None, body=BODY, **headers):
    if key:
        headers["Authorization"] = f"Bearer {key}"
    return client.post(path, data=orjson.dumps(body), headers=headers, content_type="application/json")


def _shape(res):
    headers = {k.lower(): v for k, v in res.headers.items() if k.lower() not in DYNAMIC}
    doc = res.get_json()
    if doc and "id" in doc:
        doc = {k: v for k, v in doc.items() if k not in ("id", "created", "cost_info", "session_id")}
    return res.status_code, headers, doc


@pytest.mark.parametrize(
    ("path", "with_key", "body"),
    [
        ("/api/team-a/v1/chat/completions", True, BODY),
        ("/v1/chat/completions", True, BODY),
        ("/api/team-a/v1/chat/completions", False, BODY),  # 401
        ("/api/team-a/v1/chat/completions", True, {"model": "gpt-4o-mini"}),  # 400: no messages
        ("/api/team-a/v1/chat/completions", True, {"model": "no-such-model", "messages": BODY["messages"]}),
        ("/api/nobody/v1/chat/completions", True, BODY),  # unknown tenant
        ("/api/prism/v1/chat/completions", True, BODY),  # reserved slug: Flask answers
        ("/api/team-a/v1/embeddings", True, {"model": "text-embedding-3-small", "input": "hi"}),
    ],
)
def test_fast_path_and_flask_views_answer_alike(client, flask_only, key, path, with_key, body):
    fast = _post(client, path, key if with_key else None, body)
    slow = _post(flask_only, path, key if with_key else None, body)
    assert _shape(fast) == _shape(slow)
    assert fast.headers["x-request-id"] and fast.headers["X-Content-Type-Options"] == "nosniff"


def test_fast_path_keeps_the_callers_request_id(client, key):
    res = _post(client, "/api/team-a/v1/chat/completions", key, **{"X-Request-Id": "trace-123"})
    assert res.status_code == 200
    assert res.headers["x-request-id"] == "trace-123"


def test_streams_through_the_fast_path(client, flask_only, key):
    body = {**BODY, "stream": True}
    fast = _post(client, "/api/team-a/v1/chat/completions", key, body)
    slow = _post(flask_only, "/api/team-a/v1/chat/completions", key, body)
    assert fast.headers["Content-Type"] == slow.headers["Content-Type"] == "text/event-stream; charset=utf-8"
    assert fast.get_data().endswith(b"data: [DONE]\n\n")
    events = [line for line in fast.get_data().split(b"\n\n") if line.startswith(b"data: {")]
    assert events and orjson.loads(events[0][6:])["object"] == "chat.completion.chunk"


def test_browser_requests_get_cors_headers_from_flask(client, key):
    res = _post(client, "/api/team-a/v1/chat/completions", key, Origin="http://localhost:5173")
    assert res.status_code == 200
    assert res.headers.get("Access-Control-Allow-Origin") == "http://localhost:5173"


def test_body_over_the_limit_is_refused_by_flask_with_the_gateway_shape(app, client, key):
    limit = app.config["MAX_CONTENT_LENGTH"]
    res = client.post(
        "/api/team-a/v1/chat/completions",
        data=b"x" * (limit + 1),
        headers={"Authorization": f"Bearer {key}"},
        content_type="application/json",
    )
    assert res.status_code == 413
    assert res.get_json()["error"]["code"] == "request_too_large"


def test_unexpected_failure_is_a_clean_500(app, client, key, monkeypatch):
    gateway = app.extensions["model_prism"].gateway

    def broken(ctx):
        raise RuntimeError("secret-token-abc")

    monkeypatch.setattr(gateway, "serve", broken)
    res = _post(client, "/api/team-a/v1/chat/completions", key)
    assert res.status_code == 500
    err = res.get_json()["error"]
    assert err["type"] == "server_error" and "secret-token-abc" not in res.get_data(as_text=True)
    assert res.headers["x-request-id"] in err["message"]
