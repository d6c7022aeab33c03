"""Tenant administration: read, update with an audited diff, delete with its cascade."""

from __future__ import annotations

from bson import ObjectId

from ..errors import Forbidden, NotFound, ValidationFailed
from ..models import DailyCategoryStat, DailyStat, Quota, RequestLog, RoutingRuleSet, Tenant
from ..snapshot import propagation
from . import audit
from .tenants import _object_ids, _routing, public_view

WRITABLE = (
    "name", "providerIds", "modelConfig", "routing", "pricing", "rateLimit", "active", "keyEnabled",
    "keyLifetimeDays", "budgetLimits", "budgetGuard", "stripThinking", "printRoutedModel",
    "defaultSystemPrompt", "fallbackChains", "modelFallbacks", "promptLogging", "promptLogLevel",
)  # fmt: skip
MODES = ("all", "whitelist", "blacklist")
LIMIT_DEFAULTS = {
    "rateLimit": {"requestsPerMinute": 0, "tokensPerMinute": 0},
    "budgetLimits": {"dailyUsd": 0, "weeklyUsd": 0, "monthlyUsd": 0},
}


def get(tenant_id: str) -> Tenant:
    if not ObjectId.is_valid(str(tenant_id)):
        raise ValidationFailed("Invalid id")
    tenant = Tenant.objects(id=tenant_id).first()
    if tenant is None:
        raise NotFound("Tenant not found")
    return tenant


def list_tenants(ids: list | None = None) -> list[dict]:
    """Give the visible (non-internal) tenants, optionally only the given ids, oldest first."""
    query = Tenant.objects(internal__ne=True)
    if ids is not None:
        query = query.filter(id__in=ids)
    return [public_view(t) for t in query.order_by("createdAt")]


def _non_negative(values: dict | None, name: str) -> dict:
    values = dict(values or {})
    for key, value in values.items():
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            raise ValidationFailed(f"{name}.{key} must be a number ≥ 0")
    return values


def model_config(value: dict) -> dict:
    """Give a validated model access config {mode, list, aliases}."""
    mode = value.get("mode", "all")
    if mode not in MODES:
        raise ValidationFailed("Invalid mode — must be all, whitelist, or blacklist")
    models = value.get("list") or []
    if not isinstance(models, list) or not all(isinstance(m, str) for m in models):
        raise ValidationFailed("modelConfig.list must be a list of model ids")
    aliases = value.get("aliases") or {}
    if not isinstance(aliases, dict):
        raise ValidationFailed("modelConfig.aliases must be an object")
    return {"mode": mode, "list": models, "aliases": {str(k): str(v) for k, v in aliases.items()}}


def clean(field: str, value):
    """Give the validated value of one writable tenant field."""
    if field == "providerIds":
        return _object_ids(value)
    if field == "modelConfig":
        return model_config(value or {})
    if field == "routing":
        return _routing(value)
    if field in ("rateLimit", "budgetLimits"):
        return {**LIMIT_DEFAULTS[field], **_non_negative(value, field)}
    if field == "budgetGuard":
        return {**Tenant.budgetGuard.default(), **(value or {})}
    if field == "keyLifetimeDays" and (not isinstance(value, int) or value < 0):
        raise ValidationFailed("keyLifetimeDays must be an integer ≥ 0")
    if field == "promptLogLevel" and value not in ("last_user", "full"):
        raise ValidationFailed("promptLogLevel must be last_user or full")
    return value


def update(tenant_id: str, changes: dict, *, actor: str) -> Tenant:
    """Replace the given top-level fields (spec §2.5) and record the diff."""
    tenant = get(tenant_id)
    before = public_view(tenant)
    for field in WRITABLE:
        if field in changes:
            setattr(tenant, field, clean(field, changes[field]))
    if "name" in changes and not (changes["name"] or "").strip():
        raise ValidationFailed("Name required")
    tenant.save()
    propagation.bump("tenants")
    audit.record_update(actor, "tenant", str(tenant.id), tenant.name, before, public_view(tenant))
    return tenant


def delete(tenant_id: str, *, actor: str) -> dict:
    """Delete a tenant and its logs, rollups, quotas and tenant rule sets (the default tenant: 403)."""
    tenant = get(tenant_id)
    if tenant.isDefault:
        raise Forbidden("The default tenant cannot be deleted")
    cascade = {
        "requestLogs": RequestLog.objects(tenantId=tenant.id).delete(),
        "dailyStats": DailyStat.objects(tenantId=tenant.id).delete()
        + DailyCategoryStat.objects(tenantId=tenant.id).delete(),
        "quotas": Quota.objects(tenantId=tenant.id).delete(),
        "ruleSets": RoutingRuleSet.objects(tenantId=tenant.id).delete(),
    }
    tenant.delete()
    propagation.bump("tenants")
    audit.record_delete(actor, "tenant", str(tenant.id), tenant.name)
    return {"success": True, "cascade": cascade}
