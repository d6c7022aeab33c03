"""The request log: filtered pages, one entry with its routing debug data, error resolution."""

from __future__ import annotations

import math
import re

from bson import ObjectId

from ..auth.secrets import current_box
from ..errors import NotFound, ValidationFailed
from ..models import RequestLog, Tenant
from ..models.base import utcnow
from .jsonview import plain
from .time_range import _parse_date

SNAPSHOT_FIELDS = ("promptSnapshot", "responseSnapshot", "capturedPaths", "capturedPathHashes")
AUTOCOMPLETE = ("coding_autocomplete", "tool_use")


def _truthy(value) -> bool:
    return str(value).lower() in ("1", "true", "yes")


def build_query(args, tenant_ids: list[ObjectId] | None) -> dict:
    """Give the MongoDB filter of the request-log query parameters (analytics §4.6)."""
    q: dict = {} if tenant_ids is None else {"tenantId": {"$in": tenant_ids}}
    for param, field in (("model", "routedModel"), ("category", "category"), ("user", "userName"),
                         ("sessionId", "sessionId"), ("status", "status")):  # fmt: skip
        if args.get(param):
            q[field] = args[param]
    if _truthy(args.get("excludeAutocomplete")):
        q["category"] = {"$nin": list(AUTOCOMPLETE)} if "category" not in q else q["category"]
    if args.get("toolAgent") in ("true", "false"):
        auto = [{"routingSignals.isFimRequest": True}, {"routingSignals.isToolOutputContinuation": True}]
        q["$or" if args["toolAgent"] == "true" else "$nor"] = auto
    if args.get("override"):
        q["overrideApplied"] = {"$regex": re.escape(args["override"]), "$options": "i"}
    if _truthy(args.get("hideResolved")):
        q["resolvedAt"] = None
    if args.get("errorCategory"):
        value = args["errorCategory"]
        q["errorCategory"] = {"$in": ["unknown", None]} if value == "unknown" else value
    stamp = {}
    if args.get("from"):
        stamp["$gte"] = _parse_date(args["from"])
    if args.get("to"):
        stamp["$lte"] = _parse_date(args["to"])
    if stamp:
        q["timestamp"] = stamp
    return q


def _int_arg(args, name: str, default: int, high: int) -> int:
    try:
        return max(1, min(high, int(args.get(name) or default)))
    except ValueError:
        raise ValidationFailed(f"{name} must be an integer") from None


def _open_snapshots(doc: dict) -> None:
    box = current_box()
    snap = doc.get("promptSnapshot")
    if isinstance(snap, dict):
        for key in ("systemPrompt", "lastUserMessage"):
            if snap.get(key):
                snap[key] = box.open_or_marker(snap[key])
        snap["messages"] = [
            {**m, "content": box.open_or_marker(m.get("content"))} for m in snap.get("messages") or []
        ]
    resp = doc.get("responseSnapshot")
    if isinstance(resp, dict) and resp.get("content"):
        resp["content"] = box.open_or_marker(resp["content"])
    if doc.get("capturedPaths"):
        doc["capturedPaths"] = [box.open_or_marker(p) for p in doc["capturedPaths"]]


def entry_view(doc: dict, tenants: dict, *, prompts: bool) -> dict:
    """Give one log entry: tenant expanded, snapshots opened for prompt roles and removed for everyone else."""
    if prompts:
        _open_snapshots(doc)
    else:
        for field in SNAPSHOT_FIELDS:
            doc.pop(field, None)
    tid = str(doc.get("tenantId"))
    doc["tenantId"] = tenants.get(tid, {"_id": tid, "slug": None, "name": None})
    return plain(doc)


def _tenant_names(ids) -> dict:
    return {str(t.id): {"_id": str(t.id), "slug": t.slug, "name": t.name}
            for t in Tenant.objects(id__in=list(ids)).only("id", "slug", "name")}  # fmt: skip


def page(args, tenant_ids, *, prompts: bool) -> dict:
    query = build_query(args, tenant_ids)
    page_no, limit = _int_arg(args, "page", 1, 1_000_000), _int_arg(args, "limit", 50, 500)
    collection = RequestLog._get_collection()
    total = collection.count_documents(query)
    docs = list(collection.find(query).sort("timestamp", -1).skip((page_no - 1) * limit).limit(limit))
    names = _tenant_names({d["tenantId"] for d in docs})
    return {"requests": [entry_view(d, names, prompts=prompts) for d in docs], "total": total, "page": page_no,
            "pages": math.ceil(total / limit) if total else 0}  # fmt: skip


def detail(entry_id: str, tenant_ids, *, prompts: bool) -> dict:
    if not ObjectId.is_valid(entry_id):
        raise ValidationFailed("Invalid id")
    query = {"_id": ObjectId(entry_id), **({} if tenant_ids is None else {"tenantId": {"$in": tenant_ids}})}
    doc = RequestLog._get_collection().find_one(query)
    if doc is None:
        raise NotFound("Request not found")
    return entry_view(doc, _tenant_names([doc["tenantId"]]), prompts=prompts)


def resolve(entry_id: str, *, actor: str) -> dict:
    if not ObjectId.is_valid(entry_id):
        raise ValidationFailed("Invalid id")
    updated = RequestLog.objects(id=entry_id, status="error").update_one(
        set__resolvedAt=utcnow(), set__resolvedBy=actor
    )
    if not updated:
        raise NotFound("Request not found")
    return {"resolved": True, "id": entry_id}


def resolve_before(before: str | None, *, actor: str) -> dict:
    cutoff = _parse_date(before) if before else utcnow()
    count = RequestLog.objects(status="error", resolvedAt=None, timestamp__lte=cutoff).update(
        set__resolvedAt=utcnow(), set__resolvedBy=actor
    )
    return {"resolved": count, "before": plain(cutoff)}


def rpm() -> dict:
    from datetime import timedelta

    return {"rpm": RequestLog.objects(timestamp__gte=utcnow() - timedelta(seconds=60)).count()}
