"""Where budgets and quotas read their numbers: MongoDB (`dailystats`, `quotas`) and in-memory twins."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from .quotas import QuotaState


class DailyStatsSpend:
    """Sums `actualCostUsd` of `dailystats` per tenant and UTC day in one aggregation (no per-request read)."""

    def __init__(self, collection: Callable[[], Any]) -> None:
        self._collection = collection

    def costs_since(self, first_day: date) -> dict[str, dict[str, float]]:
        """Give tenant id → {day → USD} for every day since `first_day`."""
        pipeline = [
            {"$match": {"date": {"$gte": first_day.isoformat()}}},
            {
                "$group": {
                    "_id": {"tenant": "$tenantId", "date": "$date"},
                    "cost": {"$sum": "$actualCostUsd"},
                }
            },
        ]
        out: dict[str, dict[str, float]] = defaultdict(dict)
        for row in self._collection().aggregate(pipeline):
            out[str(row["_id"]["tenant"])][row["_id"]["date"]] = float(row["cost"] or 0.0)
        return dict(out)


class MemorySpend:
    """In-memory twin: costs added by tests, read the same way as the aggregates."""

    def __init__(self) -> None:
        self.per_day: dict[str, dict[str, float]] = defaultdict(dict)
        self.reads = 0
        self.fail: Exception | None = None

    def add(self, tenant_id: str, day: str, cost: float) -> None:
        self.per_day[tenant_id][day] = self.per_day[tenant_id].get(day, 0.0) + cost

    def costs_since(self, first_day: date) -> dict[str, dict[str, float]]:
        self.reads += 1
        if self.fail is not None:
            raise self.fail
        since = first_day.isoformat()
        return {t: {d: c for d, c in days.items() if d >= since} for t, days in self.per_day.items()}


class QuotaDocuments:
    """Reads every enabled quota from `quotas` in one query."""

    def __init__(self, collection: Callable[[], Any]) -> None:
        self._collection = collection

    def load(self) -> dict[str, tuple[QuotaState, ...]]:
        """Give tenant id → its enabled quotas."""
        out: dict[str, list[QuotaState]] = defaultdict(list)
        for doc in self._collection().find({"enabled": {"$ne": False}}):
            out[str(doc["tenantId"])].append(
                QuotaState(
                    quota_type=doc.get("quotaType", ""),
                    limit=float(doc.get("limit") or 0),
                    used=float(doc.get("used") or doc.get("currentUsage") or 0),
                    enforcement=doc.get("enforcement") or "hard_block",
                    period=doc.get("period") or "monthly",
                    period_start=doc.get("periodStart"),
                )
            )
        return {t: tuple(qs) for t, qs in out.items()}


class MemoryQuotas:
    """In-memory twin of the quota documents."""

    def __init__(self) -> None:
        self.by_tenant: dict[str, tuple[QuotaState, ...]] = {}
        self.fail: Exception | None = None

    def load(self) -> dict[str, tuple[QuotaState, ...]]:
        if self.fail is not None:
            raise self.fail
        return dict(self.by_tenant)
