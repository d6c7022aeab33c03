"""Built-in chat settings (singleton) and its access tokens for the token-protected public page."""

from __future__ import annotations

import secrets
from datetime import timedelta

from ..errors import NotFound, ValidationFailed
from ..models import ChatConfig
from ..models.base import utcnow
from ..snapshot import propagation
from . import audit
from .jsonview import plain

DEFAULTS = {"enabled": False, "visibility": "admin", "allowedModels": [], "defaultModel": "auto", "systemPrompt": "",
            "rateLimit": {"requestsPerMinute": 10, "maxTokensPerRequest": 4000}}  # fmt: skip
VISIBILITY = ("admin", "public", "token")


def _doc() -> ChatConfig:
    return ChatConfig.objects(singleton="default").first() or ChatConfig(singleton="default", settings={})


def current() -> dict:
    stored = dict(_doc().settings or {})
    out = {**DEFAULTS, **stored}
    out["rateLimit"] = {**DEFAULTS["rateLimit"], **(stored.get("rateLimit") or {})}
    out["accessTokens"] = [{**t, "token": t["token"][:8] + "…"} for t in stored.get("accessTokens") or []]
    return plain(out)


def update(values: dict, *, actor: str) -> dict:
    if values.get("visibility") is not None and values["visibility"] not in VISIBILITY:
        raise ValidationFailed("visibility must be admin, public or token")
    before = current()
    doc = _doc()
    settings = dict(doc.settings or {})
    for key in ("enabled", "visibility", "allowedModels", "defaultModel", "systemPrompt"):
        if values.get(key) is not None:
            settings[key] = values[key]
    if values.get("rateLimit") is not None:
        settings["rateLimit"] = {
            **(settings.get("rateLimit") or DEFAULTS["rateLimit"]),
            **values["rateLimit"],
        }
    doc.settings = settings
    doc.save()
    propagation.bump("chatconfigs")
    after = current()
    audit.record_update(actor, "settings", str(doc.id), "Chat", before, after)
    return after


def create_token(label: str, hours: float, *, actor: str) -> dict:
    if not 0 < hours <= 24 * 366 * 10:
        raise ValidationFailed("expiresInHours must be positive and at most ten years")
    doc = _doc()
    token = {"token": secrets.token_hex(16), "label": label or "", "expiresAt": utcnow() + timedelta(hours=hours),
             "used": False}  # fmt: skip
    settings = dict(doc.settings or {})
    settings["accessTokens"] = [*(settings.get("accessTokens") or []), token]
    doc.settings = settings
    doc.save()
    propagation.bump("chatconfigs")
    audit.record_event(actor, "settings", str(doc.id), "Chat", f"Created chat access token {label}")
    return plain({k: token[k] for k in ("token", "label", "expiresAt")})


def delete_token(token: str, *, actor: str) -> dict:
    doc = _doc()
    settings = dict(doc.settings or {})
    kept = [t for t in settings.get("accessTokens") or [] if t.get("token") != token]
    if len(kept) == len(settings.get("accessTokens") or []):
        raise NotFound("Token not found")
    settings["accessTokens"] = kept
    doc.settings = settings
    doc.save()
    propagation.bump("chatconfigs")
    audit.record_event(actor, "settings", str(doc.id), "Chat", "Deleted a chat access token")
    return {"deleted": True}


def public_config() -> dict:
    """Give what the public chat page may know; 403 when chat is off or only for logged-in users."""
    from ..errors import Forbidden

    conf = current()
    if not conf["enabled"] or conf["visibility"] == "admin":
        raise Forbidden("Chat is not publicly available")
    return {"enabled": True, "visibility": conf["visibility"], "allowedModels": conf["allowedModels"],
            "defaultModel": conf["defaultModel"]}  # fmt: skip
