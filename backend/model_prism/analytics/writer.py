"""Writes a batch of usage events: one insert_many of request logs plus `$inc` upserts of the daily rollups."""

from __future__ import annotations

from collections import defaultdict

from bson import ObjectId
from pymongo import UpdateOne
from pymongo.errors import BulkWriteError

from .. import store
from ..limits.quota_usage import quota_usage_updates
from ..models import DailyCategoryStat, DailyStat, Quota, RequestLog
from .events import UsageEvent


def _log_document(e: UsageEvent) -> dict:
    doc = {
        "_id": ObjectId(e.event_id),
        "requestId": e.request_id,
        "tenantId": ObjectId(e.tenant_id),
        "timestamp": e.timestamp,
        "status": e.status,
        "endpoint": e.endpoint,
        "requestedModel": e.requested_model or "unknown",
        "routedModel": e.routed_model or "none",
        "providerId": ObjectId(e.provider_id) if e.provider_id else None,
        "sessionId": e.session_id,
        "userName": e.user_name,
        "streaming": e.streaming,
        "inputTokens": e.input_tokens,
        "outputTokens": e.output_tokens,
        "cachedInputTokens": e.cached_input_tokens,
        "reasoningTokens": e.reasoning_tokens,
        "actualCostUsd": e.actual_cost,
        "baselineCostUsd": e.baseline_cost,
        "savedUsd": e.saved,
        "baselineModel": e.baseline_model,
        "routingCostUsd": e.routing_cost,
        "isAutoRouted": e.is_auto_routed,
        "durationMs": e.duration_ms,
        "httpStatus": e.http_status,
        "errorType": e.error_type,
        "errorMessage": e.error_message,
        "errorCategory": e.error_category,
        "origin": e.extra.get("origin", "gateway"),
    }
    if e.routing:
        doc.update(e.routing)
    doc.update({k: v for k, v in e.extra.items() if k != "origin"})
    return {k: v for k, v in doc.items() if v is not None}


def _daily_updates(events: list[UsageEvent]) -> tuple[list[UpdateOne], list[UpdateOne]]:
    models: dict[tuple, dict] = defaultdict(lambda: defaultdict(float))
    categories: dict[tuple, dict] = defaultdict(lambda: defaultdict(float))
    for e in events:
        key = (e.timestamp.strftime("%Y-%m-%d"), e.tenant_id, e.routed_model or "none")
        inc = models[key]
        inc["requests"] += 1
        if e.status == "error":
            inc["errorCount"] += 1
            continue
        inc["inputTokens"] += e.input_tokens
        inc["outputTokens"] += e.output_tokens
        inc["actualCostUsd"] += e.actual_cost
        inc["baselineCostUsd"] += e.baseline_cost
        inc["savedUsd"] += e.saved
        inc["routingCostUsd"] += e.routing_cost
        inc["autoRoutedCount"] += 1 if e.is_auto_routed else 0
        if e.duration_ms and e.duration_ms > 0:
            inc["durationMsTotal"] += e.duration_ms
            inc["durationMsCount"] += 1
        category = (e.routing or {}).get("category")
        if e.is_auto_routed and category:
            cat = categories[(key[0], e.tenant_id, category, (e.routing or {}).get("costTier") or "unknown")]
            cat["requests"] += 1
            cat["actualCostUsd"] += e.actual_cost
    ints = {
        "requests",
        "errorCount",
        "inputTokens",
        "outputTokens",
        "autoRoutedCount",
        "durationMsTotal",
        "durationMsCount",
    }

    def typed(inc: dict) -> dict:
        return {k: int(v) if k in ints else float(v) for k, v in inc.items()}

    model_ops = [
        UpdateOne({"date": d, "tenantId": ObjectId(t), "routedModel": m}, {"$inc": typed(inc)}, upsert=True)
        for (d, t, m), inc in models.items()
    ]
    cat_ops = [
        UpdateOne(
            {"date": d, "tenantId": ObjectId(t), "category": c, "costTier": tier},
            {"$inc": typed(inc)},
            upsert=True,
        )
        for (d, t, c, tier), inc in categories.items()
    ]
    return model_ops, cat_ops


def apply_updates(collection, ops: list[UpdateOne]) -> None:
    """Apply update operations: one unordered bulk_write on MongoDB; one update_one each on the embedded store,
    whose bulk API does not accept current pymongo operation objects."""
    if not ops:
        return
    if type(collection).__module__.startswith("mongomock"):
        for op in ops:
            collection.update_one(op._filter, op._doc, upsert=op._upsert)
        return
    collection.bulk_write(ops, ordered=False)


def write_batch(events: list[UsageEvent]) -> None:
    """Persist the events; raises on store failure (the sink decides about retries and drops)."""
    if not events:
        return
    docs = [_log_document(e) for e in events]
    try:
        if not store.insert_embedded(RequestLog._get_collection_name(), docs):
            RequestLog._get_collection().insert_many(docs, ordered=False)
    except BulkWriteError as exc:  # a retry after a partial insert: records already stored are fine
        if any(err.get("code") != 11000 for err in exc.details.get("writeErrors", [])) or exc.details.get(
            "writeConcernErrors"
        ):
            raise
    model_ops, cat_ops = _daily_updates(events)
    apply_updates(DailyStat._get_collection(), model_ops)
    apply_updates(DailyCategoryStat._get_collection(), cat_ops)
    apply_updates(Quota._get_collection(), quota_usage_updates(events))
