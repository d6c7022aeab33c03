"""Quotas per tenant (tenants-and-admin §14): CRUD, defaults, manual reset, the calendar reset job."""

from __future__ import annotations

from datetime import datetime, timedelta

from bson import ObjectId

from ..errors import NotFound, ValidationFailed
from ..models import Quota, Tenant
from ..models.base import utcnow
from ..snapshot import propagation
from . import audit
from .jsonview import plain

TYPES = {"tokens_monthly": "monthly", "requests_daily": "daily", "requests_monthly": "monthly",
         "cost_monthly": "monthly"}  # fmt: skip
ENFORCEMENTS = ("hard_block", "soft_warning", "auto_economy")
DEFAULT_PARAMS = {"tokensMonthly": "tokens_monthly", "requestsDaily": "requests_daily",
                  "requestsMonthly": "requests_monthly", "costMonthly": "cost_monthly"}  # fmt: skip


def next_reset(period: str, now: datetime) -> datetime:
    """Give the next UTC calendar boundary: midnight (daily) or the first of next month (monthly)."""
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "daily":
        return midnight + timedelta(days=1)
    first = midnight.replace(day=1)
    return (first + timedelta(days=32)).replace(day=1)


def view(q: Quota) -> dict:
    pct = round(q.used / q.limit * 100) if q.limit else 0
    return plain({
        "_id": q.id, "tenantId": q.tenantId, "quotaType": q.quotaType, "limit": q.limit, "currentUsage": q.used,
        "enforcement": q.enforcement, "period": q.period, "enabled": q.enabled, "lastResetAt": q.periodStart,
        "resetAt": next_reset(q.period, q.periodStart or utcnow()), "pct": pct,
        "status": "exceeded" if pct >= 100 else "warning" if pct >= 80 else "ok",
        "createdAt": q.createdAt, "updatedAt": q.updatedAt,
    })  # fmt: skip


def _tenant(tenant_id: str) -> Tenant:
    if not ObjectId.is_valid(str(tenant_id)):
        raise ValidationFailed("Invalid id")
    tenant = Tenant.objects(id=tenant_id).first()
    if tenant is None:
        raise NotFound("Not found")
    return tenant


def get(quota_id: str) -> Quota:
    if not ObjectId.is_valid(str(quota_id)):
        raise ValidationFailed("Invalid id")
    quota = Quota.objects(id=quota_id).first()
    if quota is None:
        raise NotFound("Not found")
    return quota


def list_quotas(
    tenant_id: str | None, quota_type: str | None, enabled: str | None, tenant_ids=None
) -> list[dict]:
    query = Quota.objects
    if tenant_ids is not None:
        query = query.filter(tenantId__in=tenant_ids)
    if tenant_id:
        query = query.filter(tenantId=_tenant(tenant_id).id)
    if quota_type:
        query = query.filter(quotaType=quota_type)
    if enabled in ("true", "false"):
        query = query.filter(enabled=enabled == "true")
    return [view(q) for q in query.order_by("createdAt")]


def _check(values: dict) -> None:
    if values.get("enforcement") is not None and values["enforcement"] not in ENFORCEMENTS:
        raise ValidationFailed("Invalid enforcement")
    if values.get("limit") is not None and (
        not isinstance(values["limit"], (int, float)) or values["limit"] < 0
    ):
        raise ValidationFailed("limit must be a number ≥ 0")


def create(values: dict, *, actor: str) -> Quota:
    tenant = _tenant(values.get("tenantId") or "")
    if values.get("quotaType") not in TYPES:
        raise ValidationFailed("Invalid quotaType")
    if values.get("limit") is None:
        raise ValidationFailed("limit required")
    _check(values)
    if Quota.objects(tenantId=tenant.id, quotaType=values["quotaType"]).first():
        raise ValidationFailed("This quota already exists for the tenant")
    quota = Quota(tenantId=tenant.id, quotaType=values["quotaType"], limit=float(values["limit"]),
                  enforcement=values.get("enforcement") or "hard_block", period=TYPES[values["quotaType"]],
                  periodStart=utcnow()).save()  # fmt: skip
    propagation.bump("quotas")
    audit.record_create(actor, "quota", str(quota.id), f"{tenant.slug}:{quota.quotaType}")
    return quota


def update(quota_id: str, values: dict, *, actor: str) -> Quota:
    quota = get(quota_id)
    _check(values)
    before = view(quota)
    for key, field in (("limit", "limit"), ("enforcement", "enforcement"), ("enabled", "enabled"),
                       ("currentUsage", "used")):  # fmt: skip
        if values.get(key) is not None:
            setattr(quota, field, values[key])
    quota.save()
    propagation.bump("quotas")
    audit.record_update(actor, "quota", str(quota.id), quota.quotaType, before, view(quota))
    return quota


def delete(quota_id: str, *, actor: str) -> None:
    quota = get(quota_id)
    quota.delete()
    propagation.bump("quotas")
    audit.record_delete(actor, "quota", str(quota.id), quota.quotaType)


def reset_all(*, actor: str = "system") -> dict:
    count = Quota.objects().update(set__used=0, set__periodStart=utcnow())
    propagation.bump("quotas")
    audit.record_event(actor, "quota", None, "all quotas", f"Reset the usage of {count} quotas")
    return {"reset": count}


def create_defaults(tenant_id: str, limits: dict, *, actor: str) -> list[dict]:
    tenant = _tenant(tenant_id)
    for param, quota_type in DEFAULT_PARAMS.items():
        if limits.get(param) and not Quota.objects(tenantId=tenant.id, quotaType=quota_type).first():
            create({"tenantId": str(tenant.id), "quotaType": quota_type, "limit": limits[param]}, actor=actor)
    return [view(q) for q in Quota.objects(tenantId=tenant.id)]


def reset_due(now: datetime | None = None) -> int:
    """Retention/maintenance job: zero the quotas whose calendar period ended; give how many."""
    now = now or utcnow()
    count = 0
    for quota in Quota.objects():
        if next_reset(quota.period, quota.periodStart or now) <= now:
            quota.used, quota.periodStart = 0, now
            quota.save()
            count += 1
    if count:
        propagation.bump("quotas")
    return count
