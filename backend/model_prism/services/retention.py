"""Retention and maintenance jobs: prompt snapshot stripping and legacy cleanup (scheduled via process.jobs)."""

from __future__ import annotations

from datetime import timedelta

from ..models import (
    DailyCategoryStat,
    DailyStat,
    Provider,
    Quota,
    RequestLog,
    RoutingRuleSet,
    Tenant,
)
from ..models.base import utcnow
from . import log_config
from .jsonview import iso

SNAPSHOT_UNSET = {"promptSnapshot": "", "responseSnapshot": "", "capturedPaths": "", "capturedPathHashes": ""}


def strip_snapshots(older_than_hours: float) -> dict:
    """Unset prompt/response snapshots and captured paths on request logs older than the window."""
    hours = max(1.0, float(older_than_hours or 24))
    cutoff = utcnow() - timedelta(hours=hours)
    result = RequestLog._get_collection().update_many(
        {"timestamp": {"$lt": cutoff},
         "$or": [{"promptSnapshot": {"$ne": None}}, {"responseSnapshot": {"$ne": None}},
                 {"capturedPaths.0": {"$exists": True}}]},
        {"$unset": SNAPSHOT_UNSET},
    )  # fmt: skip
    return {"shrunk": result.modified_count, "olderThanHours": hours, "cutoff": iso(cutoff)}


def prompt_retention() -> int:
    """The hourly job: strip snapshots beyond promptRetentionHours when retention is enabled; give the count."""
    settings = log_config.current()
    if not settings.get("promptRetentionEnabled"):
        return 0
    return strip_snapshots(settings.get("promptRetentionHours") or 48)["shrunk"]


def cleanup_legacy() -> dict:
    """Remove references to deleted providers and data of deleted tenants."""
    providers = {p.id for p in Provider.objects.only("id")}
    tenants = [t.id for t in Tenant.objects.only("id")]
    dangling = 0
    for tenant in Tenant.objects():
        kept = [p for p in tenant.providerIds if p in providers]
        routing = dict(tenant.routing or {})
        stale_classifier = routing.get("classifierProvider") and str(routing["classifierProvider"]) not in {
            str(p) for p in providers
        }
        if len(kept) != len(tenant.providerIds) or stale_classifier:
            dangling += len(tenant.providerIds) - len(kept)
            if stale_classifier:
                routing["classifierProvider"], routing["classifierModel"] = None, None
            tenant.providerIds, tenant.routing = kept, routing
            tenant.save()
    return {
        "danglingProviders": dangling,
        "orphanedLogs": RequestLog.objects(tenantId__nin=tenants).delete(),
        "orphanedStats": DailyStat.objects(tenantId__nin=tenants).delete()
        + DailyCategoryStat.objects(tenantId__nin=tenants).delete(),
        "orphanedQuotas": Quota.objects(tenantId__nin=tenants).delete(),
        "orphanedRuleSets": RoutingRuleSet.objects(tenantId__nin=tenants, tenantId__ne=None).delete(),
    }
