"""Webhook events raised by the gateway's own machinery (limits, circuit breaker)."""

from __future__ import annotations

from ..services import webhook_delivery
from ..snapshot.holder import SnapshotHolder


class WebhookNotifier:
    """The limits layer's Notifier: budget and quota events go to the tenant's webhook subscribers."""

    def notify(self, event: str, tenant_id: str, payload: dict) -> None:
        webhook_delivery.emit(event, payload, tenant_id)


def provider_down_webhook(holder: SnapshotHolder):
    """Give the circuit-breaker listener that emits `provider_down` when a provider's circuit opens."""

    def emit(provider_id: str) -> None:
        provider = holder.current().providers_by_id.get(provider_id)
        payload = {
            "providerId": provider_id,
            "provider": provider.slug if provider else None,
            "state": "open",
        }
        webhook_delivery.emit("provider_down", payload)

    return emit
