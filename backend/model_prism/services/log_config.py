"""The LogConfig singleton: defaults filled on read, partial updates, the log level applied at run time."""

from __future__ import annotations

from .. import logs
from ..errors import ValidationFailed
from ..models import LogConfig
from ..snapshot import propagation
from . import audit
from .jsonview import iso

FILE_DEFAULTS = {"enabled": False, "directory": "/var/log/open-model-prism", "maxSizeMb": 100, "maxFiles": 7,
                 "includePrompts": False}  # fmt: skip
DEFAULTS = {"logLevel": "info", "promptLogging": False, "promptLogLevel": "last_user",
            "routingDecisionLogging": True, "trackUsersByIp": True, "pathCapture": {"enabled": False},
            "promptRetentionEnabled": True, "promptRetentionHours": 48}  # fmt: skip
LEVELS = ("debug", "info", "warn", "error")


def _doc() -> LogConfig:
    doc = LogConfig.objects(singleton="default").first()
    return doc or LogConfig(singleton="default", settings={}).save()


def current() -> dict:
    """Give the effective settings (stored values over defaults, fileLogging keys filled)."""
    doc = _doc()
    stored = dict(doc.settings or {})
    out = {**DEFAULTS, **stored}
    out["fileLogging"] = {**FILE_DEFAULTS, **(stored.get("fileLogging") or {})}
    out["updatedBy"], out["updatedAt"] = stored.get("updatedBy"), iso(doc.updatedAt)
    return out


def _clean(values: dict) -> dict:
    out = {k: v for k, v in values.items() if k in DEFAULTS or k == "fileLogging"}
    if "logLevel" in out and out["logLevel"] not in LEVELS:
        raise ValidationFailed("logLevel must be debug, info, warn or error")
    if "promptLogLevel" in out and out["promptLogLevel"] not in ("last_user", "full"):
        raise ValidationFailed("promptLogLevel must be last_user or full")
    if "promptRetentionHours" in out:
        out["promptRetentionHours"] = max(1, min(8760, int(out["promptRetentionHours"] or 48)))
    return out


def update(values: dict, *, actor: str) -> dict:
    """Save the given fields, apply the log level in this process now; other processes follow the bump."""
    before = current()
    doc = _doc()
    changes = _clean(values)
    settings = {**(doc.settings or {}), **changes, "updatedBy": actor}
    if "fileLogging" in changes:
        settings["fileLogging"] = {**FILE_DEFAULTS, **((doc.settings or {}).get("fileLogging") or {}),
                                   **(changes["fileLogging"] or {})}  # fmt: skip
    doc.settings = settings
    doc.save()
    if "logLevel" in changes:
        logs.set_level(changes["logLevel"])
    propagation.bump("logconfigs")
    after = current()
    audit.record_update(actor, "settings", str(doc.id), "Log configuration", before, after)
    return after


def apply_stored_level() -> None:
    """Apply the stored log level (config watchers of other processes call this after a change)."""
    logs.set_level(current()["logLevel"])
