"""Dashboard figures: day ranges read the daily rollups, hour/custom ranges aggregate request logs."""

from __future__ import annotations

from bson import ObjectId

from ..models import DailyCategoryStat, DailyStat, RequestLog
from .time_range import TimeRange

SUM_FIELDS = {
    "totalRequests": "requests", "totalInputTokens": "inputTokens", "totalOutputTokens": "outputTokens",
    "totalActualCost": "actualCostUsd", "totalBaselineCost": "baselineCostUsd", "totalSaved": "savedUsd",
    "autoRoutedCount": "autoRoutedCount", "totalRoutingCost": "routingCostUsd", "errorCount": "errorCount",
    "durationMsTotal": "durationMsTotal", "durationMsCount": "durationMsCount",
}  # fmt: skip


def _tenant_match(tenant_ids: list[ObjectId] | None) -> dict:
    return {} if tenant_ids is None else {"tenantId": {"$in": tenant_ids}}


def log_match(tr: TimeRange, tenant_ids: list[ObjectId] | None) -> dict:
    return {"timestamp": {"$gte": tr.start, "$lte": tr.end}, **_tenant_match(tenant_ids)}


def _day_match(tr: TimeRange, tenant_ids) -> dict:
    return {"date": {"$gte": tr.start_date}, **_tenant_match(tenant_ids)}


def _aggregate(document, pipeline: list[dict]) -> list[dict]:
    return list(document._get_collection().aggregate(pipeline))


def _log_sums() -> dict:
    """$group accumulators over request logs that mirror the rollup fields."""
    return {
        "requests": {"$sum": 1}, "inputTokens": {"$sum": "$inputTokens"}, "outputTokens": {"$sum": "$outputTokens"},
        "actualCostUsd": {"$sum": "$actualCostUsd"}, "baselineCostUsd": {"$sum": "$baselineCostUsd"},
        "savedUsd": {"$sum": "$savedUsd"}, "autoRoutedCount": {"$sum": {"$cond": ["$isAutoRouted", 1, 0]}},
        "routingCostUsd": {"$sum": "$routingCostUsd"},
        "errorCount": {"$sum": {"$cond": [{"$eq": ["$status", "error"]}, 1, 0]}},
        "durationMsTotal": {"$sum": {"$ifNull": ["$durationMs", 0]}},
        "durationMsCount": {"$sum": {"$cond": [{"$gt": [{"$ifNull": ["$durationMs", 0]}, 0]}, 1, 0]}},
    }  # fmt: skip


def _rollup_sums() -> dict:
    return {f: {"$sum": f"${f}"} for f in SUM_FIELDS.values()}


def _users(match: dict) -> tuple[int | None, int, int]:
    rows = _aggregate(RequestLog, [
        {"$match": {**match, "clientIpHash": {"$ne": None}}},
        {"$group": {"_id": "$clientIpHash", "proxy": {"$max": {"$cond": ["$viaProxy", 1, 0]}}}},
    ])  # fmt: skip
    if not rows:
        return None, 0, 0
    proxied = sum(1 for r in rows if r["proxy"])
    return len(rows), proxied, len(rows) - proxied


def summary(tr: TimeRange, tenant_ids) -> dict:
    """Give the KPI sums of the range (analytics §4.1)."""
    logs = log_match(tr, tenant_ids)
    if tr.day_mode:
        rows = _aggregate(
            DailyStat, [{"$match": _day_match(tr, tenant_ids)}, {"$group": {"_id": None, **_rollup_sums()}}]
        )
    else:
        rows = _aggregate(RequestLog, [{"$match": logs}, {"$group": {"_id": None, **_log_sums()}}])
    sums = rows[0] if rows else {}
    out = {name: sums.get(field, 0) or 0 for name, field in SUM_FIELDS.items()}
    total, count = out.pop("durationMsTotal"), out.pop("durationMsCount")
    out["avgDurationMs"] = round(total / count) if count else 0
    out["unknownErrorCount"] = RequestLog._get_collection().count_documents(
        {**logs, "status": "error", "errorCategory": {"$in": ["unknown", None]}}
    )
    unique, via_proxy, direct = _users(logs)
    days = tr.days if tr.day_mode else round((tr.end - tr.start).total_seconds() / 86400, 2)
    return {"periodDays": days, "uniqueUsers": unique, "usersViaProxy": via_proxy, "usersDirect": direct,
            "summary": out}  # fmt: skip


def models(tr: TimeRange, tenant_ids) -> list[dict]:
    if tr.day_mode:
        rows = _aggregate(DailyStat, [{"$match": _day_match(tr, tenant_ids)},
                                      {"$group": {"_id": "$routedModel", **_rollup_sums()}}])  # fmt: skip
    else:
        rows = _aggregate(RequestLog, [{"$match": log_match(tr, tenant_ids)},
                                       {"$group": {"_id": "$routedModel", **_log_sums()}}])  # fmt: skip
    out = [{
        "_id": r["_id"], "requests": r["requests"], "inputTokens": r["inputTokens"], "outputTokens": r["outputTokens"],
        "actualCost": r["actualCostUsd"], "baselineCost": r["baselineCostUsd"], "saved": r["savedUsd"],
        "autoRouted": r["autoRoutedCount"], "errorCount": r["errorCount"], "durationMsTotal": r["durationMsTotal"],
        "durationMsCount": r["durationMsCount"],
    } for r in rows]  # fmt: skip
    return sorted(out, key=lambda r: -r["requests"])


def categories(tr: TimeRange, tenant_ids) -> list[dict]:
    if tr.day_mode:
        rows = _aggregate(DailyCategoryStat, [
            {"$match": _day_match(tr, tenant_ids)},
            {"$group": {"_id": {"category": "$category", "costTier": "$costTier"}, "requests": {"$sum": "$requests"},
                        "actualCost": {"$sum": "$actualCostUsd"}}},
        ])  # fmt: skip
    else:
        rows = _aggregate(RequestLog, [
            {"$match": {**log_match(tr, tenant_ids), "isAutoRouted": True, "status": "success",
                        "category": {"$ne": None}}},
            {"$group": {"_id": {"category": "$category", "costTier": "$costTier"}, "requests": {"$sum": 1},
                        "actualCost": {"$sum": "$actualCostUsd"}}},
        ])  # fmt: skip
    return sorted(rows, key=lambda r: -r["requests"])


def _active_users(match: dict, fmt: str) -> dict[str, int]:
    rows = _aggregate(RequestLog, [
        {"$match": {**match, "clientIpHash": {"$ne": None}}},
        {"$group": {"_id": {"$dateToString": {"format": fmt, "date": "$timestamp"}}, "ips": {"$addToSet": "$clientIpHash"}}},
    ])  # fmt: skip
    return {r["_id"]: len(r["ips"]) for r in rows}


def daily(tr: TimeRange, tenant_ids) -> list[dict]:
    """Give per-day points (day mode) or per-hour points (hour/custom mode), ascending."""
    logs = log_match(tr, tenant_ids)
    if tr.day_mode:
        rows = _aggregate(DailyStat, [{"$match": _day_match(tr, tenant_ids)},
                                      {"$group": {"_id": "$date", **_rollup_sums()}}])  # fmt: skip
        users = _active_users(logs, "%Y-%m-%d")
    else:
        fmt = "%Y-%m-%dT%H:00"
        rows = _aggregate(RequestLog, [{"$match": logs}, {"$group": {
            "_id": {"$dateToString": {"format": fmt, "date": "$timestamp"}}, **_log_sums()}}])  # fmt: skip
        users = _active_users(logs, fmt)
    return sorted(({
        "_id": r["_id"], "requests": r["requests"], "actualCost": r["actualCostUsd"],
        "baselineCost": r["baselineCostUsd"], "saved": r["savedUsd"], "inputTokens": r["inputTokens"],
        "outputTokens": r["outputTokens"], "activeUsers": users.get(r["_id"], 0),
    } for r in rows), key=lambda r: r["_id"])  # fmt: skip


def users(tr: TimeRange, tenant_ids) -> list[dict]:
    rows = _aggregate(RequestLog, [
        {"$match": {**log_match(tr, tenant_ids), "userName": {"$ne": None}}},
        {"$group": {"_id": "$userName", "requests": {"$sum": 1},
                    "tokens": {"$sum": {"$add": ["$inputTokens", "$outputTokens"]}}, "cost": {"$sum": "$actualCostUsd"}}},
    ])  # fmt: skip
    return sorted(rows, key=lambda r: -r["requests"])[:100]


def top_paths(tr: TimeRange, tenant_ids, open_path) -> list[dict]:
    """Give the most frequent captured paths (grouped by their hash, one sample decrypted)."""
    rows = _aggregate(RequestLog, [
        {"$match": {**log_match(tr, tenant_ids), "capturedPathHashes.0": {"$exists": True}}},
        {"$project": {"pairs": {"$zip": {"inputs": ["$capturedPathHashes", "$capturedPaths"]}}}},
        {"$unwind": "$pairs"},
        {"$group": {"_id": {"$arrayElemAt": ["$pairs", 0]}, "sample": {"$first": {"$arrayElemAt": ["$pairs", 1]}},
                    "count": {"$sum": 1}}},
    ])  # fmt: skip
    rows.sort(key=lambda r: -r["count"])
    return [{"path": open_path(r["sample"]), "count": r["count"]} for r in rows[:100]]
