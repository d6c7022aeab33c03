"""Tenant key authentication against the in-memory snapshot (spec gateway §3)."""

from __future__ import annotations

from datetime import datetime

from ..auth.keys import hash_key
from ..errors import GatewayError
from ..models.base import utcnow
from .context import RequestContext


def auth_error(message: str, code: str) -> GatewayError:
    return GatewayError(message, status=401, type="authentication_error", code=code)


def authenticate(ctx: RequestContext, *, now=utcnow) -> RequestContext:
    """Resolve the tenant from the key (slug first; the default slug `api` accepts any tenant's key)."""
    if not ctx.api_key:
        raise auth_error("API key required", "missing_api_key")
    snap = ctx.snapshot
    key = snap.keys_by_hash.get(hash_key(ctx.api_key))
    tenant = snap.tenants_by_id.get(key.tenant_id) if key else None
    if tenant is None or (tenant.slug != ctx.slug and ctx.slug != "api"):
        raise auth_error("Invalid API key or tenant", "invalid_api_key")
    ctx = ctx.evolve(
        "authenticate", {"tenant": tenant.slug, "key": key.key_id}, tenant=tenant, key_id=key.key_id
    )
    current: datetime = now()
    if not tenant.active:
        raise auth_error("Tenant is disabled", "tenant_disabled")
    if key.key_id == "legacy":
        if not tenant.key_enabled:
            raise auth_error("API key is disabled", "api_key_disabled")
        if tenant.key_expires_at and tenant.key_expires_at < current:
            raise auth_error("API key has expired", "api_key_expired")
    elif not key.enabled or (key.expires_at and key.expires_at < current):
        raise auth_error("Invalid API key or tenant", "invalid_api_key")
    return ctx
