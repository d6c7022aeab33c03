"""Maintenance on stored request logs: recalculate costs, re-classify errors, re-detect FIM/tool traffic."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from bson import ObjectId
from pymongo import UpdateOne

from ..analytics.costs import Prices, Usage, cost_usd, resolve_prices
from ..analytics.error_classes import classify
from ..analytics.writer import apply_updates
from ..auth.secrets import current_box
from ..errors import ValidationFailed
from ..models import DailyStat, Provider, RequestLog, Tenant
from ..models.base import utcnow
from ..providers.pricing import default_prices
from ..routing.signals import extract_signals

AUTO_IDS = ("auto", "auto-prism", "model-prism", "unknown", None)
ROLLUP_SUMS = ("requests", "inputTokens", "outputTokens", "actualCostUsd", "baselineCostUsd", "savedUsd",
               "routingCostUsd")  # fmt: skip


def _defaults(model_id: str) -> Prices | None:
    found = default_prices(model_id)
    return Prices(*found) if found else None


def _provider_prices() -> dict[tuple[str, str], Prices]:
    out = {}
    for p in Provider.objects.only("id", "discoveredModels"):
        for m in p.discoveredModels:
            if m.inputPer1M is not None:
                out[(str(p.id), m.id)] = Prices(m.inputPer1M, m.outputPer1M or 0, m.cachedInputPer1M)
    return out


def _cost(model: str, doc: dict, pricing: dict, table: dict) -> float:
    prices = resolve_prices(model, tenant_pricing=pricing, provider_prices=table.get((str(doc.get("providerId")), model)),
                            defaults=_defaults)  # fmt: skip
    usage = Usage(
        doc.get("inputTokens") or 0, doc.get("outputTokens") or 0, doc.get("cachedInputTokens") or 0
    )
    return cost_usd(prices, usage)


def _recomputed(doc: dict, pricing: dict, table: dict) -> dict:
    auto = bool(doc.get("isAutoRouted"))
    routing = (doc.get("routingCostUsd") or 0) if auto else 0.0
    actual = _cost(doc.get("routedModel") or "", doc, pricing, table) + routing
    requested = doc.get("requestedModel")
    if not auto:
        baseline = actual
    elif requested not in AUTO_IDS:
        baseline = _cost(requested, doc, pricing, table)
    else:
        baseline = doc.get("baselineCostUsd") or 0.0  # auto-model baselines are kept
    return {"actualCostUsd": actual, "baselineCostUsd": baseline, "savedUsd": baseline - actual}


def recalc(days: int, tenant_id: str | None) -> dict:
    """Recompute costs of successful requests in the window and rebuild the rollups of the affected days."""
    if not 1 <= days <= 3650:
        raise ValidationFailed("days must be between 1 and 3650")
    query: dict = {"status": "success", "timestamp": {"$gte": utcnow() - timedelta(days=days)}}
    if tenant_id:
        if not ObjectId.is_valid(tenant_id):
            raise ValidationFailed("Invalid id")
        query["tenantId"] = ObjectId(tenant_id)
    pricing = {t.id: dict(t.pricing or {}) for t in Tenant.objects.only("id", "pricing")}
    table, collection = _provider_prices(), RequestLog._get_collection()
    ops, days_hit, scanned, delta = [], set(), 0, 0.0
    for doc in collection.find(query):
        scanned += 1
        new = _recomputed(doc, pricing.get(doc["tenantId"], {}), table)
        if abs(new["actualCostUsd"] - (doc.get("actualCostUsd") or 0)) > 1e-6 or abs(
            new["baselineCostUsd"] - (doc.get("baselineCostUsd") or 0)) > 1e-6:  # fmt: skip
            delta += new["actualCostUsd"] - (doc.get("actualCostUsd") or 0)
            ops.append(UpdateOne({"_id": doc["_id"]}, {"$set": new}))
            days_hit.add((doc["timestamp"].strftime("%Y-%m-%d"), doc["tenantId"]))
    apply_updates(collection, ops)
    rebuilt = sum(_rebuild_day(day, tenant) for day, tenant in days_hit)
    return {"scanned": scanned, "updated": len(ops), "totalCostDelta": round(delta, 6),
            "dailyStatsRebuilt": rebuilt, "affectedDays": sorted({d for d, _ in days_hit})}  # fmt: skip


def _rebuild_day(day: str, tenant_id) -> int:
    """Rewrite the cost/token/request sums of one day and tenant from its request logs; give rows touched."""
    start = datetime.strptime(day, "%Y-%m-%d")
    sums: dict[str, dict] = defaultdict(lambda: defaultdict(float))
    for doc in RequestLog._get_collection().find(
        {"tenantId": tenant_id, "timestamp": {"$gte": start, "$lt": start + timedelta(days=1)}}
    ):
        row = sums[doc.get("routedModel") or "none"]
        row["requests"] += 1
        for field in ROLLUP_SUMS[1:]:
            row[field] += doc.get(field) or 0
    for model, row in sums.items():
        values = {
            f: (int(row[f]) if f in ("requests", "inputTokens", "outputTokens") else row[f])
            for f in ROLLUP_SUMS
        }
        DailyStat.objects(date=day, tenantId=tenant_id, routedModel=model).update_one(
            upsert=True, **{f"set__{k}": v for k, v in values.items()}
        )
    return len(sums)


def reclassify_errors() -> dict:
    """Re-run the error classifier over every stored error; give how many changed."""
    collection = RequestLog._get_collection()
    ops, scanned = [], 0
    for doc in collection.find({"status": "error"}, {"errorMessage": 1, "errorCategory": 1}):
        scanned += 1
        category, description = classify(doc.get("errorMessage") or "")
        if category != doc.get("errorCategory"):
            ops.append(UpdateOne({"_id": doc["_id"]},
                                 {"$set": {"errorCategory": category, "errorDescription": description}}))  # fmt: skip
    apply_updates(collection, ops)
    return {"scanned": scanned, "updated": len(ops)}


def _snapshot_body(snap: dict) -> dict:
    box = current_box()
    if snap.get("messages"):
        messages = [
            {"role": m.get("role"), "content": box.open_or_marker(m.get("content"))} for m in snap["messages"]
        ]
    else:
        system, user = (
            box.open_or_marker(snap.get("systemPrompt")),
            box.open_or_marker(snap.get("lastUserMessage")),
        )
        messages = ([{"role": "system", "content": system}] if system else []) + [
            {"role": "user", "content": user or ""}
        ]
    return {"messages": messages}


def reclassify_fim(days: int, tenant_id: str | None, mode: str) -> dict:
    """Re-run FIM / tool-agent / tool-output detection on decrypted prompt snapshots (analytics §4.7)."""
    if mode not in ("unclassified", "all"):
        raise ValidationFailed("mode must be unclassified or all")
    query: dict = {
        "timestamp": {"$gte": utcnow() - timedelta(days=max(1, days))},
        "promptSnapshot": {"$ne": None},
    }
    if tenant_id:
        if not ObjectId.is_valid(tenant_id):
            raise ValidationFailed("Invalid id")
        query["tenantId"] = ObjectId(tenant_id)
    if mode == "unclassified":
        query["$or"] = [{"category": None}, {"routingSignals.isToolOutputContinuation": {"$exists": False}}]
    collection, ops, scanned = RequestLog._get_collection(), [], 0
    fields = {"promptSnapshot": 1, "category": 1, "routingSignals": 1}
    for doc in collection.find(query, fields).sort("_id", 1).batch_size(5000):
        scanned += 1
        sig = extract_signals(_snapshot_body(doc["promptSnapshot"]))
        flags = {"isFimRequest": sig.is_fim_request, "isToolAgentRequest": sig.is_tool_agent_request,
                 "isToolOutputContinuation": sig.is_tool_output_continuation}  # fmt: skip
        update: dict = {
            "routingSignals": {**(doc.get("routingSignals") or {}), **flags}
        }  # null-safe on MongoDB
        if not doc.get("category") and (sig.is_fim_request or sig.is_tool_agent_request):
            update["category"] = "coding_autocomplete" if sig.is_fim_request else "tool_use"
        ops.append(UpdateOne({"_id": doc["_id"]}, {"$set": update}))
    apply_updates(collection, ops)
    return {"scanned": scanned, "updated": len(ops)}
