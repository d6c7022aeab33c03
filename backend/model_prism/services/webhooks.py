"""Webhooks: CRUD with the secret shown once (masked afterwards), test delivery, logs, secret rotation."""

from __future__ import annotations

import secrets as random_secrets

from bson import ObjectId

from ..auth.secrets import current_box
from ..errors import NotFound, ValidationFailed
from ..models import Webhook, WebhookLog
from . import audit
from .jsonview import plain
from .webhook_delivery import EVENTS, RETRY_POLICY, deliver


def open_secret(hook: Webhook) -> str:
    return current_box().open(hook.secret) or ""


def view(hook: Webhook, *, full_secret: str | None = None) -> dict:
    secret = full_secret if full_secret is not None else open_secret(hook)[:8] + "..."
    return plain({
        "_id": hook.id, "tenantId": hook.tenantId, "name": hook.name, "url": hook.url, "events": list(hook.events),
        "enabled": hook.enabled, "headers": dict(hook.headers or {}), "retryPolicy": dict(RETRY_POLICY),
        "secret": secret, "createdAt": hook.createdAt, "updatedAt": hook.updatedAt,
    })  # fmt: skip


def get(hook_id: str) -> Webhook:
    if not ObjectId.is_valid(str(hook_id)):
        raise ValidationFailed("Invalid id")
    hook = Webhook.objects(id=hook_id).first()
    if hook is None:
        raise NotFound("Webhook not found")
    return hook


def list_webhooks(tenant_id: str | None, enabled: str | None) -> list[dict]:
    query = Webhook.objects
    if tenant_id:
        if not ObjectId.is_valid(tenant_id):
            raise ValidationFailed("Invalid id")
        query = query.filter(tenantId=ObjectId(tenant_id))
    if enabled in ("true", "false"):
        query = query.filter(enabled=enabled == "true")
    return [view(h) for h in query.order_by("createdAt")]


def _check(values: dict) -> None:
    if "url" in values and not str(values["url"]).startswith(("http://", "https://")):
        raise ValidationFailed("url must be an http(s) URL")
    bad = [e for e in values.get("events") or [] if e not in EVENTS]
    if bad:
        raise ValidationFailed("Unknown events: " + ", ".join(bad))
    if "headers" in values and not isinstance(values["headers"], dict):
        raise ValidationFailed("headers must be an object")


def create(values: dict, *, actor: str) -> dict:
    if not values.get("name") or not values.get("url"):
        raise ValidationFailed("name and url required")
    _check(values)
    tenant = values.get("tenantId")
    if tenant and not ObjectId.is_valid(tenant):
        raise ValidationFailed("Invalid id")
    secret = values.get("secret") or random_secrets.token_hex(32)
    hook = Webhook(name=values["name"], url=values["url"], events=values.get("events") or [],
                   tenantId=ObjectId(tenant) if tenant else None, enabled=values.get("enabled", True),
                   headers=values.get("headers") or {}, secret=current_box().seal(secret)).save()  # fmt: skip
    audit.record_create(actor, "webhook", str(hook.id), hook.name)
    return view(hook, full_secret=secret)


def update(hook_id: str, values: dict, *, actor: str) -> dict:
    hook = get(hook_id)
    _check(values)
    before = view(hook)
    for field in ("name", "url", "events", "enabled", "headers"):
        if field in values:
            setattr(hook, field, values[field])
    hook.save()
    audit.record_update(actor, "webhook", str(hook.id), hook.name, before, view(hook))
    return view(hook)


def delete(hook_id: str, *, actor: str) -> None:
    hook = get(hook_id)
    WebhookLog.objects(webhookId=hook.id).delete()
    hook.delete()
    audit.record_delete(actor, "webhook", str(hook.id), hook.name)


def send_test(hook_id: str) -> dict:
    """Deliver a test event synchronously (with the retry policy)."""
    hook = get(hook_id)
    ok = deliver(hook, "test", {"message": "Webhook test delivery"}, open_secret(hook))
    return {"sent": True, "delivered": ok}


def logs(hook_id: str, limit: int) -> list[dict]:
    hook = get(hook_id)
    rows = WebhookLog.objects(webhookId=hook.id).order_by("-timestamp").limit(max(1, min(limit, 500)))
    return [plain({"_id": r.id, "webhookId": r.webhookId, "event": r.event, "statusCode": r.status,
                   "success": r.success, "attempt": r.attempt, "errorMessage": r.error,
                   "responseTimeMs": r.durationMs, "timestamp": r.timestamp}) for r in rows]  # fmt: skip


def rotate_secret(hook_id: str, *, actor: str) -> dict:
    hook = get(hook_id)
    secret = random_secrets.token_hex(32)
    hook.secret = current_box().seal(secret)
    hook.save()
    audit.record_event(actor, "webhook", str(hook.id), hook.name, "Rotated webhook secret")
    return {"secret": secret}
