"""Stored quota usage: the `$inc` updates the analytics writer applies with each batch (tenants §14)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from bson import ObjectId
from pymongo import UpdateOne

from .quotas import USAGE_OF


def quota_usage_updates(events: Iterable[Any]) -> list[UpdateOne]:
    """Give one `$inc` of `used` per tenant and quota type for the successful events of a batch."""
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for e in events:
        if e.status != "success":
            continue
        t = totals[e.tenant_id]
        t["tokens"] += (e.input_tokens or 0) + (e.output_tokens or 0)
        t["requests"] += 1
        t["cost"] += e.actual_cost or 0.0
    updates = []
    for tenant_id, usage in totals.items():
        for quota_type, measure in USAGE_OF.items():
            if usage[measure]:
                updates.append(
                    UpdateOne(
                        {"tenantId": ObjectId(tenant_id), "quotaType": quota_type, "enabled": {"$ne": False}},
                        {"$inc": {"used": usage[measure]}},
                    )
                )
    return updates


def apply_quota_usage(collection: Any, events: Iterable[Any]) -> int:
    """Apply the batch's quota increments (unordered bulk write); give how many updates were sent."""
    updates = quota_usage_updates(events)
    if updates:
        collection.bulk_write(updates, ordered=False)
    return len(updates)
