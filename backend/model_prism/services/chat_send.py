"""Built-in chat send (tenants-and-admin §17): checks of the chat settings, then the real gateway pipeline as
the internal `chat` tenant (§2.4), so tokens, costs, fallbacks and enrichment match client traffic."""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass

from flask import Flask, Response
from mongoengine import NotUniqueError

from ..auth.keys import display_prefix, generate_key, hash_key
from ..auth.secrets import current_box
from ..models import ChatConfig, Provider, Tenant
from ..models.base import utcnow
from ..snapshot import propagation
from .chat_config import DEFAULTS

CHAT_SLUG = "chat"
AUTO = ("auto", "auto-prism", "model-prism")
CLONED = ("providerIds", "modelConfig", "routing", "fallbackChains", "modelFallbacks", "pricing", "rateLimit",
          "budgetLimits", "budgetGuard", "stripThinking", "printRoutedModel", "defaultSystemPrompt",
          "promptLogging", "promptLogLevel")  # fmt: skip
ROUTING_KEYS = (
    "selected_model",
    "category",
    "cost_tier",
    "confidence",
    "selection_method",
    "routing_time_ms",
)


@dataclass(frozen=True)
class Refused(Exception):
    """A chat request refused before the gateway, answered in the admin error shape `{"error": "<message>"}`
    (admin-api §17 writes `{error:{message}}`; the admin-wide shape rule and its RBAC matrix test win here)."""

    message: str
    status: int

    def response(self) -> tuple[dict, int]:
        return {"error": self.message}, self.status


def chat_tenant() -> Tenant:
    """Give the internal chat tenant, created on first use from the default tenant's settings (not its keys)."""
    tenant = Tenant.objects(slug=CHAT_SLUG).first()
    if tenant is not None:
        return tenant
    default = Tenant.objects(isDefault=True).first()
    cloned = {f: getattr(default, f) for f in CLONED} if default is not None else {}
    key = generate_key()
    try:
        tenant = Tenant(slug=CHAT_SLUG, name="Built-in Chat", internal=True, isDefault=False,
                        apiKeyHash=hash_key(key), apiKeyPrefix=display_prefix(key),
                        apiKeyEncrypted=current_box().seal(key), **cloned).save()  # fmt: skip
    except NotUniqueError:  # another worker created it first
        return Tenant.objects.get(slug=CHAT_SLUG)
    propagation.bump("tenants")
    return tenant


def settings() -> dict:
    """Give the chat settings with defaults and the full access tokens (never sent to a client)."""
    doc = ChatConfig.objects(singleton="default").first()
    stored = dict(doc.settings or {}) if doc is not None else {}
    out = {**DEFAULTS, **stored}
    out["rateLimit"] = {**DEFAULTS["rateLimit"], **(stored.get("rateLimit") or {})}
    return out


class IpWindow:
    """Requests per client IP in the last 60 s (per process)."""

    def __init__(self) -> None:
        self._hits: dict[str, deque] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, ip: str, per_minute: int) -> bool:
        now = time.monotonic()
        with self._lock:
            hits = self._hits[ip]
            while hits and now - hits[0] >= 60:
                hits.popleft()
            if per_minute > 0 and len(hits) >= per_minute:
                return False
            hits.append(now)
            return True


PUBLIC_WINDOW = IpWindow()


def check_public(conf: dict, token: str | None, ip: str) -> None:
    """Refuse a public request: chat off or admin-only (403), bad token (401), per-IP limit (429)."""
    if conf["visibility"] == "admin":
        raise Refused("Chat is only available to logged-in users", 403)
    if conf["visibility"] == "token":
        _use_token(token)
    if not PUBLIC_WINDOW.allow(ip, int(conf["rateLimit"].get("requestsPerMinute") or 0)):
        raise Refused("Too many chat requests, please slow down.", 429)


def _use_token(token: str | None) -> None:
    doc = ChatConfig.objects(singleton="default").first()
    tokens = list((doc.settings or {}).get("accessTokens") or []) if doc is not None else []
    match = next((t for t in tokens if token and t.get("token") == token), None)
    if match is None:
        raise Refused("Invalid access token", 401)
    if match.get("expiresAt") and match["expiresAt"] < utcnow():
        raise Refused("Access token expired", 401)
    if not match.get("used"):  # [DD] reusable until expiry; `used` only tells the admin it was redeemed
        match["used"] = True
        doc.settings = {**doc.settings, "accessTokens": tokens}
        doc.save()


def prepare(body: dict, conf: dict, tenant: Tenant, *, public: bool) -> dict:
    """Give the gateway body: model default and allow-list, system prompt, the public max_tokens cap."""
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise Refused("messages required", 400)
    model = (body.get("model") or conf.get("defaultModel") or "auto").strip()
    allowed = conf.get("allowedModels") or []
    if allowed and model not in allowed and model not in AUTO:
        raise Refused(f"Model '{model}' is not allowed in the chat", 403)
    if conf.get("systemPrompt"):
        messages = [{"role": "system", "content": conf["systemPrompt"]},
                    *[m for m in messages if (m or {}).get("role") != "system"]]  # fmt: skip
    out: dict = {"model": model, "messages": messages, "stream": bool(body.get("stream"))}
    for key in ("temperature", "max_tokens"):
        if body.get(key) is not None:
            out[key] = body[key]
    if public:
        cap = int(conf["rateLimit"].get("maxTokensPerRequest") or 0)
        if cap > 0:
            out["max_tokens"] = min(int(out.get("max_tokens") or cap), cap)
    if model in AUTO:
        if not (tenant.routing or {}).get("enabled"):
            out["model"] = _first_visible(tenant) or model
    elif _provider_for(tenant, model) is None:
        raise Refused(f"No provider found for model {model}", 404)
    return out


def _provider_for(tenant: Tenant, model: str) -> Provider | None:
    bare = model.split("/", 1)[-1]
    for provider in Provider.objects(id__in=tenant.providerIds):
        if any(m.visible and m.id in (model, bare) for m in provider.discoveredModels):
            return provider
    return None


def _first_visible(tenant: Tenant) -> str | None:
    for provider in Provider.objects(id__in=tenant.providerIds):
        for m in provider.discoveredModels:
            if m.visible and "embeddings" not in (m.capabilities or []):
                return m.id
    return None


def send(app: Flask, body: dict, *, user: str | None, public: bool = False, token: str | None = None,
         ip: str = "") -> Response | tuple[dict, int]:  # fmt: skip
    """Give the chat answer: the gateway's JSON (with auto_routing) or its SSE with one auto_routing event."""
    conf = settings()
    if not conf.get("enabled"):
        return Refused("Chat is disabled", 403).response()
    tenant = chat_tenant()
    try:
        if public:
            check_public(conf, token, ip)
        gateway_body = prepare(body, conf, tenant, public=public)
    except Refused as refused:
        return refused.response()
    key = current_box().open(tenant.apiKeyEncrypted or "")
    headers = {"Authorization": f"Bearer {key}", "x-user": user or "chat", "x-session-id": "chat"}
    path = "/api/v1/chat/completions"  # the reserved slug has no URL; the shorthand accepts any tenant's key
    client = app.test_client()
    if not gateway_body["stream"]:
        res = client.post(path, json=gateway_body, headers=headers)
        return _answer(res.get_json(silent=True), res.status_code)
    res = client.post(path, json=gateway_body, headers=headers, buffered=False)
    if res.status_code != 200 or not res.mimetype.startswith("text/event-stream"):
        payload = b"".join(res.iter_encoded())
        res.close()
        try:
            doc = json.loads(payload or b"{}")
        except ValueError:
            doc = None
        return _answer(doc, res.status_code)
    return Response(relay(res), 200, mimetype="text/event-stream",
                    headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})  # fmt: skip


def _answer(doc, status: int) -> tuple[dict, int]:
    """Give the gateway's answer; its errors `{error:{message,type,code}}` in the admin shape with details."""
    if status < 400 and isinstance(doc, dict):
        return doc, status
    err = (doc or {}).get("error") if isinstance(doc, dict) else None
    if isinstance(err, dict):
        details = {k: err[k] for k in ("type", "code") if err.get(k)}
        return {"error": str(err.get("message") or f"Gateway answered {status}"), "details": details}, status
    return {"error": str(err or f"Gateway answered {status}")}, status


def relay(res) -> Iterator[bytes]:
    """Pass the gateway's SSE frames through, then one `{"auto_routing": …}` event before `[DONE]`."""
    routing, buffer = None, b""
    try:
        for chunk in res.iter_encoded():
            buffer += chunk
            while b"\n\n" in buffer:
                frame, buffer = buffer.split(b"\n\n", 1)
                data = frame.decode("utf-8", "replace").removeprefix("data:").strip()
                if data == "[DONE]":
                    continue
                try:
                    doc = json.loads(data)
                except ValueError:
                    doc = None
                if isinstance(doc, dict) and isinstance(doc.get("auto_routing"), dict):
                    routing = doc["auto_routing"]
                yield frame + b"\n\n"
    finally:
        res.close()
    if routing is not None:
        summary = {k: routing.get(k) for k in ROUTING_KEYS}
        yield b"data: " + json.dumps({"auto_routing": summary}).encode() + b"\n\n"
    yield b"data: [DONE]\n\n"


def log_fields(ctx) -> dict:
    """Give `{origin: 'chat'}` for requests of the internal chat tenant (request-log field, analytics §1)."""
    return {"origin": "chat"} if ctx.tenant is not None and ctx.tenant.slug == CHAT_SLUG else {}
