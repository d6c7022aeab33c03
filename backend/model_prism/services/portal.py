"""Tenant self-service portal: own tenants only for tenant roles, with the writes each role may make."""

from __future__ import annotations

from ..auth.scope import Caller, ensure_tenant_access
from ..errors import ValidationFailed
from ..models import Provider, Tenant
from ..snapshot import propagation
from . import audit, tenant_admin
from .jsonview import plain
from .tenants import public_view

FORCE_MODES = ("off", "fim_only", "smart", "all")


def tenant_for(caller: Caller, tenant_id: str) -> Tenant:
    """Give the tenant when the caller may act on it (403 'not your tenant' otherwise)."""
    tenant = tenant_admin.get(tenant_id)
    ensure_tenant_access(caller, str(tenant.id))
    return tenant


def mine(caller: Caller) -> list[dict]:
    ids = list(caller.tenants) if caller.tenant_scoped else None
    return tenant_admin.list_tenants(ids)


def _save(tenant: Tenant, before: dict, actor: str) -> dict:
    tenant.save()
    propagation.bump("tenants")
    after = public_view(tenant)
    audit.record_update(actor, "tenant", str(tenant.id), tenant.name, before, after)
    return after


def set_model_config(caller: Caller, tenant_id: str, values: dict) -> dict:
    tenant = tenant_for(caller, tenant_id)
    before = public_view(tenant)
    merged = {**(tenant.modelConfig or {}), **{k: v for k, v in values.items() if k in ("mode", "list")}}
    tenant.modelConfig = tenant_admin.model_config(merged)
    return _save(tenant, before, caller.username)


def set_routing_overrides(caller: Caller, tenant_id: str, values: dict) -> dict:
    tenant = tenant_for(caller, tenant_id)
    before = public_view(tenant)
    routing = dict(tenant.routing or {})
    if values.get("overrides") is not None:
        if not isinstance(values["overrides"], dict):
            raise ValidationFailed("overrides must be an object")
        routing["overrides"] = {**(routing.get("overrides") or {}), **values["overrides"]}
    if values.get("forceAutoRouteMode") is not None:
        if values["forceAutoRouteMode"] not in FORCE_MODES:
            raise ValidationFailed("forceAutoRouteMode must be off, fim_only, smart or all")
        routing["forceAutoRouteMode"] = values["forceAutoRouteMode"]
    tenant.routing = routing
    return _save(tenant, before, caller.username)


def set_budget(caller: Caller, tenant_id: str, values: dict) -> dict:
    tenant = tenant_for(caller, tenant_id)
    before = public_view(tenant)
    if values.get("budgetLimits") is not None:
        tenant.budgetLimits = tenant_admin.clean("budgetLimits", values["budgetLimits"])
    if values.get("budgetGuard") is not None:
        tenant.budgetGuard = {**(tenant.budgetGuard or {}), **values["budgetGuard"]}
    return _save(tenant, before, caller.username)


def _allowed(config: dict, model_id: str, slug: str) -> bool:
    mode, listed = config.get("mode", "all"), set(config.get("list") or [])
    hit = model_id in listed or f"{slug}/{model_id}" in listed
    return mode == "all" or (mode == "whitelist" and hit) or (mode == "blacklist" and not hit)


def models(caller: Caller, tenant_id: str) -> list[dict]:
    """Give the discovered models of the tenant's providers that its model config allows."""
    tenant = tenant_for(caller, tenant_id)
    out = []
    for provider in Provider.objects(id__in=tenant.providerIds):
        for m in provider.discoveredModels:
            if _allowed(tenant.modelConfig or {}, m.id, provider.slug):
                out.append(
                    plain(
                        {**m.to_mongo().to_dict(), "providerId": provider.id, "providerName": provider.name}
                    )
                )
    return out
