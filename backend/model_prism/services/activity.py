"""Activity and evaluation dumps for external evaluation agents (analytics §10), tenant-scoped."""

from __future__ import annotations

import math
from datetime import timedelta

from ..errors import NotFound, ValidationFailed
from ..models import RequestLog
from ..models.base import utcnow
from .jsonview import plain
from .request_log import _open_snapshots, _tenant_names

SUGGESTED_CHECKS = [
    "Was any request over-routed (a cheaper tier would have answered as well)?",
    "Was any request under-routed (the answer shows the model struggled)?",
    "Were the applied overrides justified by the request?",
    "Did context fallbacks happen, and could a larger model have been chosen up front?",
    "Do categories match what the prompts actually ask for?",
    "Is the classifier confidence consistent with the decision?",
    "Are there sessions whose cost is dominated by a few expensive requests?",
]


def _number(args, name: str, default: float, high: float) -> float:
    try:
        value = float(args.get(name) or default)
    except ValueError:
        raise ValidationFailed(f"{name} must be a number") from None
    return max(0.001, min(high, value))


def _base(args, tenant_ids, hours_default: float) -> tuple[dict, float]:
    hours = _number(args, "hours", hours_default, 24 * 365)
    q: dict = {"timestamp": {"$gte": utcnow() - timedelta(hours=hours)}}
    if tenant_ids is not None:
        q["tenantId"] = {"$in": tenant_ids}
    return q, hours


def _snapshots(doc: dict, prompts: bool) -> dict:
    if prompts:
        _open_snapshots(doc)
        return doc
    return {k: v for k, v in doc.items() if k not in ("promptSnapshot", "responseSnapshot", "capturedPaths")}


def _entry(d: dict, names: dict, prompts: bool) -> dict:
    d = _snapshots(d, prompts)
    tenant = names.get(str(d.get("tenantId")), {}).get("slug")
    return plain({
        "id": d["_id"], "timestamp": d.get("timestamp"), "sessionId": d.get("sessionId"), "tenant": tenant,
        "user": d.get("userName"),
        "request": {"model": d.get("requestedModel"), "streaming": d.get("streaming"),
                    "promptSnapshot": d.get("promptSnapshot")},
        "decision": {k: d.get(k) for k in ("routedModel", "isAutoRouted", "category", "taskType", "complexity",
                                           "costTier", "confidence", "overrideApplied", "domain", "language",
                                           "routingMs", "routingCostUsd", "routingSignals")},
        "output": {"status": d.get("status"), "errorMessage": d.get("errorMessage"), "durationMs": d.get("durationMs"),
                   "inputTokens": d.get("inputTokens"), "outputTokens": d.get("outputTokens"),
                   "responseSnapshot": d.get("responseSnapshot"),
                   "finishReason": (d.get("responseSnapshot") or {}).get("finishReason")},
        "cost": {k: d.get(k) for k in ("actualCostUsd", "baselineCostUsd", "savedUsd")},
        "contextFallback": {"originalModel": d.get("originalModel"), "fallbackModel": d.get("routedModel")}
        if d.get("contextFallback") else None,
    })  # fmt: skip


def activity(args, tenant_ids, *, prompts: bool) -> dict:
    q, hours = _base(args, tenant_ids, 2)
    for param, field in (("status", "status"), ("model", "routedModel"), ("sessionId", "sessionId")):
        if args.get(param):
            q[field] = args[param]
    page, limit = int(_number(args, "page", 1, 1e9)), int(_number(args, "limit", 100, 500))
    collection = RequestLog._get_collection()
    total = collection.count_documents(q)
    docs = list(collection.find(q).sort("timestamp", -1).skip((page - 1) * limit).limit(limit))
    names = _tenant_names({d["tenantId"] for d in docs})
    return {"activity": [_entry(d, names, prompts) for d in docs], "total": total, "page": page,
            "pages": math.ceil(total / limit) if total else 0, "periodHours": hours}  # fmt: skip


def _session_rows(q: dict) -> list[dict]:
    return list(RequestLog._get_collection().aggregate([
        {"$match": {"$and": [q, {"sessionId": {"$ne": None}}]}},
        {"$group": {"_id": "$sessionId", "tenantId": {"$first": "$tenantId"}, "user": {"$first": "$userName"},
                    "firstRequest": {"$min": "$timestamp"}, "lastRequest": {"$max": "$timestamp"},
                    "requests": {"$sum": 1}, "totalInput": {"$sum": "$inputTokens"},
                    "totalOutput": {"$sum": "$outputTokens"}, "totalCost": {"$sum": "$actualCostUsd"},
                    "totalSaved": {"$sum": "$savedUsd"}, "models": {"$addToSet": "$routedModel"},
                    "categories": {"$addToSet": "$category"},
                    "errors": {"$sum": {"$cond": [{"$eq": ["$status", "error"]}, 1, 0]}},
                    "autoRouted": {"$sum": {"$cond": ["$isAutoRouted", 1, 0]}}}},
    ]))  # fmt: skip


def _session_view(r: dict, names: dict) -> dict:
    return plain({
        "sessionId": r["_id"], "tenant": names.get(str(r["tenantId"]), {}).get("slug"), "user": r["user"],
        "firstRequest": r["firstRequest"], "lastRequest": r["lastRequest"],
        "durationMs": int((r["lastRequest"] - r["firstRequest"]).total_seconds() * 1000),
        **{k: r[k] for k in ("requests", "totalInput", "totalOutput", "totalCost", "totalSaved", "errors", "autoRouted")},
        "models": sorted(m for m in r["models"] if m), "categories": sorted(c for c in r["categories"] if c),
    })  # fmt: skip


def sessions(args, tenant_ids) -> dict:
    q, hours = _base(args, tenant_ids, 24)
    rows = sorted(_session_rows(q), key=lambda r: r["lastRequest"], reverse=True)
    page, limit = int(_number(args, "page", 1, 1e9)), int(_number(args, "limit", 50, 200))
    chunk = rows[(page - 1) * limit : page * limit]
    names = _tenant_names({r["tenantId"] for r in chunk})
    return {"sessions": [_session_view(r, names) for r in chunk], "total": len(rows), "page": page,
            "pages": math.ceil(len(rows) / limit) if rows else 0, "periodHours": hours}  # fmt: skip


def session(session_id: str, tenant_ids, *, prompts: bool) -> dict:
    q: dict = {"sessionId": session_id}
    if tenant_ids is not None:
        q["tenantId"] = {"$in": tenant_ids}
    rows = _session_rows(q)
    if not rows:
        raise NotFound("Session not found")
    docs = list(RequestLog._get_collection().find(q).sort("timestamp", 1))
    names = _tenant_names({d["tenantId"] for d in docs})
    return {**_session_view(rows[0], names), "requestsDetail": [_entry(d, names, prompts) for d in docs]}


def evaluate(args, tenant_ids, *, prompts: bool) -> dict:
    q, hours = _base(args, tenant_ids, 2)
    q["status"] = "success"
    if str(args.get("autoRoutedOnly", "true")).lower() != "false":
        q["isAutoRouted"] = True
    limit = int(_number(args, "limit", 200, 500))
    docs = list(RequestLog._get_collection().find(q).sort("timestamp", -1).limit(limit))
    names = _tenant_names({d["tenantId"] for d in docs})
    out = []
    for d in docs:
        e = _entry(d, names, prompts)
        out.append({"id": e["id"], "timestamp": e["timestamp"], "sessionId": e["sessionId"], "tenant": e["tenant"],
                    "input": {"requestedModel": d.get("requestedModel"), "promptSnapshot": e["request"]["promptSnapshot"]},
                    "routingDecision": {**e["decision"], "signals": e["decision"].pop("routingSignals", None)},
                    "result": {**{k: e["output"][k] for k in ("inputTokens", "outputTokens", "durationMs",
                                                              "responseSnapshot")},
                               "contextFallback": bool(d.get("contextFallback")), "originalModel": d.get("originalModel")},
                    "costAnalysis": {**e["cost"], "routingCostUsd": d.get("routingCostUsd")}})  # fmt: skip
    return {"evaluationSet": out, "total": len(out), "periodHours": hours, "generatedAt": plain(utcnow()),
            "instructions": {"purpose": "Judge whether each routing decision picked an adequate, economical model.",
                             "suggestedChecks": SUGGESTED_CHECKS}}  # fmt: skip


def model_comparison(args, tenant_ids) -> dict:
    q, hours = _base(args, tenant_ids, 24)
    q["status"] = "success"
    if args.get("category"):
        q["category"] = args["category"]
    rows = RequestLog._get_collection().aggregate([
        {"$match": q},
        {"$group": {"_id": {"model": "$routedModel", "category": "$category", "costTier": "$costTier"},
                    "requests": {"$sum": 1}, "avgInputTokens": {"$avg": "$inputTokens"},
                    "avgOutputTokens": {"$avg": "$outputTokens"}, "avgCostUsd": {"$avg": "$actualCostUsd"},
                    "totalCostUsd": {"$sum": "$actualCostUsd"}, "avgConfidence": {"$avg": "$confidence"},
                    "avgRoutingMs": {"$avg": "$routingMs"},
                    "contextFallbacks": {"$sum": {"$cond": ["$contextFallback", 1, 0]}}}},
    ])  # fmt: skip
    comparison = [{"model": r["_id"]["model"], "category": r["_id"].get("category") or "uncategorized",
                   "costTier": r["_id"].get("costTier") or "unknown",
                   **{k: v for k, v in r.items() if k != "_id"}} for r in rows]  # fmt: skip
    return {"comparison": sorted(comparison, key=lambda c: -c["requests"]), "periodHours": hours}
