"""Webhook delivery: HMAC-SHA256-signed JSON, retries with exponential backoff, every attempt logged."""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import time
from collections.abc import Callable

import orjson
import requests

from ..models import Webhook, WebhookLog
from ..models.base import utcnow
from .jsonview import iso

log = logging.getLogger(__name__)
EVENTS = ("budget_threshold", "budget_exceeded", "error_spike", "provider_down", "quota_exhausted",
          "quota_warning", "experiment_completed")  # fmt: skip
RETRY_POLICY = {"maxRetries": 3, "backoffMs": 1000}
TIMEOUT_SECONDS = 10.0
_session = requests.Session()


def signature(body: bytes, secret: str) -> str:
    """Give the hex HMAC-SHA256 of the body with the webhook's secret (header X-Webhook-Signature)."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def body_for(webhook: Webhook, event: str, payload: dict) -> bytes:
    doc = {"event": event, "timestamp": iso(utcnow()),
           "tenantId": str(webhook.tenantId) if webhook.tenantId else None, "payload": payload}  # fmt: skip
    return orjson.dumps(doc)


def _attempt(webhook: Webhook, event: str, body: bytes, secret: str) -> tuple[int | None, str | None]:
    headers = {**(webhook.headers or {}), "Content-Type": "application/json",
               "X-Webhook-Signature": signature(body, secret), "X-Webhook-Event": event}  # fmt: skip
    try:
        res = _session.post(
            webhook.url, data=body, headers=headers, timeout=TIMEOUT_SECONDS, allow_redirects=False
        )
    except requests.RequestException as exc:
        return None, type(exc).__name__ + ": " + str(exc)[:300]
    return res.status_code, None if 200 <= res.status_code < 300 else f"HTTP {res.status_code}"


def deliver(webhook: Webhook, event: str, payload: dict, secret: str,
            sleep: Callable[[float], None] = time.sleep) -> bool:  # fmt: skip
    """Send until the first 2xx, at most maxRetries + 1 attempts; give whether one succeeded."""
    body = body_for(webhook, event, payload)
    attempts = int(RETRY_POLICY["maxRetries"]) + 1
    for attempt in range(1, attempts + 1):
        start = time.perf_counter()
        status, error = _attempt(webhook, event, body, secret)
        ok = error is None
        WebhookLog(webhookId=webhook.id, event=event, status=status, success=ok, attempt=attempt, error=error,
                   durationMs=round((time.perf_counter() - start) * 1000)).save()  # fmt: skip
        if ok:
            return True
        if attempt < attempts:
            sleep(RETRY_POLICY["backoffMs"] / 1000 * 2 ** (attempt - 1))
    return False


def subscribers(event: str, tenant_id: str | None) -> list[Webhook]:
    """Give the enabled webhooks for the event that are global or belong to the tenant."""
    hooks = Webhook.objects(enabled=True, events=event)
    return [h for h in hooks if h.tenantId is None or (tenant_id and str(h.tenantId) == str(tenant_id))]


def emit(event: str, payload: dict, tenant_id: str | None = None) -> int:
    """Deliver the event to its subscribers in the background (fire and forget); give how many were started."""
    from .webhooks import open_secret

    hooks = subscribers(event, tenant_id)
    for hook in hooks:
        threading.Thread(target=_safe_deliver, args=(hook, event, payload, open_secret(hook)), daemon=True,
                         name=f"webhook-{hook.id}").start()  # fmt: skip
    return len(hooks)


def _safe_deliver(hook: Webhook, event: str, payload: dict, secret: str) -> None:
    try:
        deliver(hook, event, payload, secret)
    except Exception:  # noqa: BLE001 - a delivery thread must never die loudly
        log.exception("webhook delivery failed")
