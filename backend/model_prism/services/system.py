"""System overview: pod heartbeats, provider stats and per-minute traffic from the request logs."""

from __future__ import annotations

from datetime import timedelta

from ..errors import NotFound
from ..models import PodMetrics, RequestLog
from ..models.base import utcnow
from .jsonview import plain


def pods() -> list[dict]:
    return [plain({**(p.metrics or {}), "podId": p.podId, "role": p.role, "hostname": p.hostname, "pid": p.pid,
                   "startedAt": p.startedAt, "updatedAt": p.updatedAt})
            for p in PodMetrics.objects.order_by("-updatedAt")]  # fmt: skip


def evict_pod(pod_id: str) -> dict:
    if not PodMetrics.objects(podId=pod_id).delete():
        raise NotFound("Pod not found")
    return {"evicted": True, "podId": pod_id}


def _aggregate(pipeline: list[dict]) -> list[dict]:
    return list(RequestLog._get_collection().aggregate(pipeline))


def overview() -> dict:
    """Give pods, request counters of the last minute, provider stats (5 min) and traffic buckets (60 min)."""
    now = utcnow()
    minute = RequestLog._get_collection()
    last_minute = {"timestamp": {"$gte": now - timedelta(seconds=60)}}
    provider_stats = _aggregate([
        {"$match": {"timestamp": {"$gte": now - timedelta(minutes=5)}, "providerId": {"$ne": None}}},
        {"$group": {"_id": "$providerId", "total": {"$sum": 1},
                    "errors": {"$sum": {"$cond": [{"$eq": ["$status", "error"]}, 1, 0]}},
                    "avgRouting": {"$avg": "$routingMs"}, "avgDuration": {"$avg": "$durationMs"}}},
    ])  # fmt: skip
    buckets = _aggregate([
        {"$match": {"timestamp": {"$gte": now - timedelta(minutes=60)}}},
        {"$group": {"_id": {"$dateToString": {"format": "%Y-%m-%dT%H:%M", "date": "$timestamp"}},
                    "requests": {"$sum": 1}, "tokens": {"$sum": {"$add": ["$inputTokens", "$outputTokens"]}},
                    "errors": {"$sum": {"$cond": [{"$eq": ["$status", "error"]}, 1, 0]}}}},
    ])  # fmt: skip
    all_pods = pods()
    return plain({
        "thisPod": all_pods[0] if all_pods else None,
        "pods": all_pods,
        "counters": {
            "reqPerMin": minute.count_documents(last_minute),
            "blockedPerMin": minute.count_documents({**last_minute, "errorType": {"$in": [
                "rate_limit_error", "budget_limit_error", "quota_exceeded"]}}),
            "errorsPerMin": minute.count_documents({**last_minute, "status": "error"}),
        },
        "providerStats": provider_stats,
        "trafficBuckets": sorted(buckets, key=lambda b: b["_id"]),
    })  # fmt: skip


def circuit_states(snapshot: dict[str, dict]) -> list[dict]:
    """Give this process's circuit states with provider names (spec tenants-and-admin §13)."""
    from bson import ObjectId

    from ..models import Provider

    ids = [ObjectId(p) for p in snapshot if ObjectId.is_valid(p)]
    names = {str(p.id): p for p in Provider.objects(id__in=ids).only("id", "name", "slug", "type")}
    out = []
    for pid, s in snapshot.items():
        p = names.get(pid)
        out.append({"providerId": pid, "failures": s.get("failures", 0), "state": s.get("state"),
                    "errorRate": s.get("errorRatePct", 0.0), "samples": s.get("samples", 0),
                    "providerName": p.name if p else None, "providerSlug": p.slug if p else None,
                    "providerType": p.type if p else None})  # fmt: skip
    return out
