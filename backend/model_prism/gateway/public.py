"""Unauthenticated tenant endpoints: `GET /models/public` and `GET /health` (spec gateway §18.1, §18.2)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Response, current_app

from ..errors import GatewayError
from ..models.base import utcnow
from ..snapshot.views import ConfigSnapshot, TenantView
from .policy import model_allowed

JSON = "application/json"


def _snapshot() -> ConfigSnapshot:
    return current_app.extensions["model_prism"].gateway.holder.current()


def _dumps(doc) -> bytes:
    return current_app.extensions["model_prism"].gateway.dumps(doc)


def active_tenant(snapshot: ConfigSnapshot, slug: str) -> TenantView | None:
    """Give the active tenant with that slug (the shorthand slug `api` is the default tenant), else None."""
    tenant = snapshot.tenants_by_slug.get(slug)
    if tenant is None and slug == "api":
        tenant = next((t for t in snapshot.tenants_by_id.values() if t.is_default), None)
    return tenant if tenant is not None and tenant.active else None


def public_models(snapshot: ConfigSnapshot, tenant: TenantView) -> list[dict]:
    """Give the tenant's visible models as `{id, object, owned_by}` (no `created`), `auto` first when routed."""
    data = [{"id": "auto", "object": "model", "owned_by": "model-prism"}] if tenant.routing_enabled else []
    for provider in snapshot.tenant_providers(tenant):
        data.extend(
            {"id": f"{provider.slug}/{m.id}", "object": "model", "owned_by": provider.config.name}
            for m in provider.models
            if m.visible and model_allowed(tenant, m.id, provider.slug)
        )
    return data


def models_public(slug: str, shorthand: bool) -> Response:
    """Serve `GET /models/public`: the model list without a key; 404 for an unknown or inactive tenant."""
    snapshot = _snapshot()
    tenant = active_tenant(snapshot, slug)
    if tenant is None:
        raise GatewayError("Not found", status=404, type="not_found", log=False)
    return Response(_dumps({"object": "list", "data": public_models(snapshot, tenant)}), 200, mimetype=JSON)


def provider_status(provider) -> str:
    """Give the provider's last connection status (`unchecked` until the snapshot carries one)."""
    status = getattr(provider, "status", None) or getattr(provider.config, "status", None)
    return status if status in ("connected", "error", "unchecked") else "unchecked"


def health_report(snapshot: ConfigSnapshot, tenant: TenantView, now: datetime) -> tuple[dict, int]:
    """Give the tenant health document and its status: 200 when every provider is connected, else 207."""
    providers = [
        {"name": p.config.name, "status": provider_status(p)} for p in snapshot.tenant_providers(tenant)
    ]
    healthy = all(p["status"] == "connected" for p in providers)
    expires = tenant.key_expires_at
    if expires is not None and expires.tzinfo is None:
        expires = expires.replace(tzinfo=UTC)
    doc = {
        "status": "ok" if healthy else "degraded",
        "tenant": tenant.slug,
        "keyEnabled": tenant.key_enabled,
        "keyExpired": bool(expires and expires < now),
        "providers": providers,
        "timestamp": now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z",
    }
    return doc, 200 if healthy else 207


def tenant_health(slug: str, shorthand: bool) -> Response:
    """Serve `GET /health` of one tenant (no key needed)."""
    snapshot = _snapshot()
    tenant = active_tenant(snapshot, slug)
    if tenant is None:
        return Response(_dumps({"status": "not_found", "tenant": slug}), 404, mimetype=JSON)
    now = utcnow()
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    doc, status = health_report(snapshot, tenant, now)
    return Response(_dumps(doc), status, mimetype=JSON)
