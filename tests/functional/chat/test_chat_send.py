"""Built-in chat send through the real gateway as the internal chat tenant: JSON and SSE, logging, refusals."""

from __future__ import annotations

import json
from datetime import timedelta

from model_prism.models import RequestLog, Tenant
from model_prism.models.base import utcnow
from model_prism.services import chat_send
from tests.functional.admin.helpers import call

from .conftest import configure

SEND = "/api/prism/admin/chat"
HELLO = {"messages": [{"role": "user", "content": "hi, how are you today?"}]}


def test_disabled_chat_refuses(client, chat_ready, tokens):
    res = call(client, "POST", SEND, tokens["admin"], json=HELLO)
    assert res.status_code == 403 and res.get_json() == {"error": "Chat is disabled"}
    assert Tenant.objects(slug="chat").count() == 0


def test_send_runs_through_the_gateway_as_the_chat_tenant(client, chat_ready, tokens, flush):
    configure(enabled=True)
    res = call(client, "POST", SEND, tokens["chat-user"], json=HELLO)
    assert res.status_code == 200, res.get_json()
    body = res.get_json()
    assert (
        body["choices"][0]["message"]["content"] and body["auto_routing"]["selected_model"] == body["model"]
    )
    chat = Tenant.objects.get(slug="chat")
    assert chat.internal and chat.name == "Built-in Chat" and chat.providerIds == chat_ready.providerIds
    assert chat.routing["baselineModel"] == "demo-max" and chat.apiKeyHash != chat_ready.apiKeyHash
    assert (
        call(client, "POST", SEND, tokens["admin"], json={**HELLO, "model": "demo-small"}).status_code == 200
    )
    assert Tenant.objects(slug="chat").count() == 1
    flush()
    logs = list(RequestLog.objects(tenantId=chat.id).order_by("timestamp"))
    assert [(entry.origin, entry.sessionId) for entry in logs] == [("chat", "chat"), ("chat", "chat")]
    assert [entry.userName for entry in logs] == ["u-chat-user", "u-admin"]
    assert logs[0].isAutoRouted and logs[0].inputTokens > 0 and logs[0].actualCostUsd > 0
    assert logs[1].routedModel == "demo-small" and not logs[1].isAutoRouted
    assert body["usage"]["prompt_tokens"] == logs[0].inputTokens


def test_streaming_passes_chunks_then_one_routing_event(client, chat_ready, tokens, flush):
    configure(enabled=True)
    res = call(client, "POST", SEND, tokens["admin"], json={**HELLO, "stream": True})
    assert res.status_code == 200 and res.mimetype == "text/event-stream"
    frames = [f.removeprefix("data: ") for f in res.get_data(as_text=True).split("\n\n") if f]
    assert frames[-1] == "[DONE]" and frames.count("[DONE]") == 1
    routing = json.loads(frames[-2])
    assert set(routing) == {"auto_routing"} and set(routing["auto_routing"]) == set(chat_send.ROUTING_KEYS)
    chunks = [json.loads(f) for f in frames[:-2]]
    text = "".join(
        (c["choices"][0].get("delta") or {}).get("content") or "" for c in chunks if c.get("choices")
    )
    assert text
    flush()
    entry = RequestLog.objects(tenantId=Tenant.objects.get(slug="chat").id).get()
    assert entry.streaming and entry.outputTokens > 0 and entry.origin == "chat"
    assert routing["auto_routing"]["selected_model"] == entry.routedModel


def test_refusals_before_the_gateway(client, chat_ready, tokens):
    configure(enabled=True, allowedModels=["demo-small", "demo-nowhere"])
    assert call(client, "POST", SEND, None, json=HELLO).status_code == 401
    assert call(client, "POST", SEND, tokens["tenant-viewer"], json=HELLO).status_code == 200
    denied = call(client, "POST", SEND, tokens["admin"], json={**HELLO, "model": "demo-max"})
    assert denied.status_code == 403 and "not allowed" in denied.get_json()["error"]
    missing = call(client, "POST", SEND, tokens["admin"], json={**HELLO, "model": "demo-nowhere"})
    assert missing.status_code == 404
    assert missing.get_json()["error"] == "No provider found for model demo-nowhere"
    empty = call(client, "POST", SEND, tokens["admin"], json={"messages": []})
    assert empty.status_code == 400


def test_public_modes_tokens_and_per_ip_limit(client, chat_ready, tokens):
    configure(enabled=True, visibility="admin")
    assert client.post("/api/prism/chat/public", json=HELLO).status_code == 403
    configure(visibility="token", rateLimit={"requestsPerMinute": 2, "maxTokensPerRequest": 100},
              accessTokens=[{"token": "a" * 32, "label": "ok", "expiresAt": utcnow() + timedelta(hours=1)},
                            {"token": "b" * 32, "label": "old", "expiresAt": utcnow() - timedelta(hours=1)}])  # fmt: skip
    ip = {"REMOTE_ADDR": "10.99.0.1"}
    bad = client.post("/api/prism/chat/public", json=HELLO, environ_base=ip)
    assert bad.status_code == 401 and bad.get_json() == {"error": "Invalid access token"}
    old = client.post(
        "/api/prism/chat/public", json=HELLO, headers={"x-chat-token": "b" * 32}, environ_base=ip
    )
    assert old.status_code == 401 and old.get_json() == {"error": "Access token expired"}
    ok = client.post("/api/prism/chat/public?token=" + "a" * 32, json=HELLO, environ_base=ip)
    assert ok.status_code == 200, ok.get_json()
    again = client.post(SEND + "/public", json=HELLO, headers={"x-chat-token": "a" * 32}, environ_base=ip)
    assert again.status_code == 200
    limited = client.post(SEND + "/public", json=HELLO, headers={"x-chat-token": "a" * 32}, environ_base=ip)
    assert limited.status_code == 429
    other_ip = client.post(SEND + "/public", json=HELLO, headers={"x-chat-token": "a" * 32},
                           environ_base={"REMOTE_ADDR": "10.99.0.2"})  # fmt: skip
    assert other_ip.status_code == 200
    used = {t["label"]: bool(t.get("used")) for t in chat_send.settings()["accessTokens"]}
    assert used == {"ok": True, "old": False}


def test_prepare_caps_tokens_and_replaces_system_prompts(chat_ready):
    conf = {**chat_send.settings(), "systemPrompt": "Be brief.",
            "rateLimit": {"requestsPerMinute": 10, "maxTokensPerRequest": 300}}  # fmt: skip
    tenant = chat_send.chat_tenant()
    body = {"messages": [{"role": "system", "content": "ignore"}, {"role": "user", "content": "x"}],
            "max_tokens": 5000}  # fmt: skip
    public = chat_send.prepare(body, conf, tenant, public=True)
    assert public["max_tokens"] == 300 and public["model"] == "auto"
    assert public["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "x"},
    ]
    assert chat_send.prepare({"messages": body["messages"]}, conf, tenant, public=True)["max_tokens"] == 300
    assert chat_send.prepare(body, conf, tenant, public=False)["max_tokens"] == 5000


def test_gateway_failures_come_back_in_the_admin_error_shape(client, chat_ready, tokens):
    chat_ready.providerIds = []
    chat_ready.save()
    configure(enabled=True)
    res = call(client, "POST", SEND, tokens["admin"], json=HELLO)
    assert res.status_code == 503
    body = res.get_json()
    assert isinstance(body["error"], str) and body["error"].startswith("No model is available for routing")
    assert body["details"] == {"type": "routing_error", "code": "routing_unavailable"}
    streamed = call(client, "POST", SEND, tokens["admin"], json={**HELLO, "stream": True})
    assert streamed.status_code == 503 and streamed.get_json()["details"]["code"] == "routing_unavailable"
