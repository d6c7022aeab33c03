"""Configuration audit trail: who changed what, with a before/after diff; secrets are redacted."""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime

from ..models import ConfigChange

log = logging.getLogger(__name__)
SKIP = {"createdAt", "updatedAt", "__v"}
SECRET_KEY = re.compile(
    r"^(apiKey|apiKeyHash|apiKeyEncrypted|encrypted|hash|secret|secretAccessKey|accessKeyId|bindPassword|password"
    r"|passwordHash|token|apiKeyPlaintext)$",
    re.I,
)
REDACTED = "[redacted]"


def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def redact(value):
    """Give a copy with every secret-looking field replaced by '[redacted]'."""
    if isinstance(value, dict):
        return {
            k: (REDACTED if SECRET_KEY.match(k) and v and not isinstance(v, (dict, list)) else redact(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value


def diff(before, after, path: str = "") -> list[dict]:
    """Give the changed fields as [{field (dot path), before, after}] (spec tenants-and-admin §9)."""
    if isinstance(before, dict) and isinstance(after, dict):
        changes: list[dict] = []
        for key in sorted(set(before) | set(after), key=str):
            if str(key).startswith("_") or key in SKIP:
                continue
            changes += diff(before.get(key), after.get(key), f"{path}.{key}" if path else str(key))
        return changes
    if before is None and after is None:
        return []
    if isinstance(before, list) or isinstance(after, list):
        if json.dumps(before, sort_keys=True, default=str) == json.dumps(after, sort_keys=True, default=str):
            return []
        if len(before or []) + len(after or []) > 10:
            return [
                {
                    "field": path,
                    "before": f"[{len(before or [])} items]",
                    "after": f"[{len(after or [])} items]",
                }
            ]
        return [{"field": path, "before": before, "after": after}]
    if str(before) == str(after):
        return []
    return [{"field": path, "before": before, "after": after}]


def _show(value) -> str:
    if value is None:
        return "(none)"
    return json.dumps(value) if isinstance(value, (dict, list)) else str(value)


def summarize(changes: list[dict]) -> str:
    parts = [f"{c['field'].split('.')[-1]}: {_show(c['before'])} → {_show(c['after'])}" for c in changes[:3]]
    more = f" +{len(changes) - 3} more" if len(changes) > 3 else ""
    return ", ".join(parts) + more


def _write(**fields) -> None:
    try:
        ConfigChange(**fields).save()
    except Exception:  # noqa: BLE001 - audit writes never fail the operation
        log.exception("audit write failed")


def record_create(user: str, target: str, target_id: str, name: str) -> None:
    _write(user=user or "system", action="create", target=target, targetId=target_id, targetName=name,
           diff={"summary": f"Created {target}: {name}", "changes": []})  # fmt: skip


def record_delete(user: str, target: str, target_id: str, name: str) -> None:
    _write(user=user or "system", action="delete", target=target, targetId=target_id, targetName=name,
           diff={"summary": f"Deleted {target}: {name}", "changes": []})  # fmt: skip


def record_update(user: str, target: str, target_id: str, name: str, before: dict, after: dict) -> None:
    """Record an update with its redacted diff; nothing is written when nothing changed."""
    changes = diff(redact(_plain(before)), redact(_plain(after)))
    if changes:
        _write(user=user or "system", action="update", target=target, targetId=target_id, targetName=name,
               before=None, after=None, diff={"summary": summarize(changes), "changes": changes})  # fmt: skip


def record_event(user: str, target: str, target_id: str, name: str, summary: str) -> None:
    """Record an action without a diff (key rotation, key reveal)."""
    _write(user=user or "system", action="update", target=target, targetId=target_id, targetName=name,
           diff={"summary": summary, "changes": []})  # fmt: skip


def view(change: ConfigChange, *, show_user: bool) -> dict:
    d = change.diff or {}
    return {
        "_id": str(change.id), "timestamp": change.timestamp, "user": change.user if show_user else "admin",
        "action": change.action, "target": change.target, "targetId": change.targetId,
        "targetName": change.targetName, "summary": d.get("summary", ""), "changes": d.get("changes", []),
    }  # fmt: skip


def recent(
    since: datetime, *, show_user: bool, limit: int = 100, tenant_ids: set[str] | None = None
) -> list[dict]:
    """Give the newest audit entries since a time (who is hidden for non-admins); tenant roles see only the
    changes to their own tenants."""
    query = {"timestamp__gte": since}
    if tenant_ids is not None:
        query.update(target="tenant", targetId__in=list(tenant_ids))
    rows = ConfigChange.objects(**query).order_by("-timestamp").limit(limit)
    return [view(c, show_user=show_user) for c in rows]
