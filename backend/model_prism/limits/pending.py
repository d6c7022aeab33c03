"""Usage this process settled that the stored totals may not show yet (budgets' costs, quotas' usage).

An entry counts until a reload began after the analytics writer confirmed it was written (`written`),
so it is never counted twice and never missed. Without confirmations (writer not wired) an entry
counts for `unconfirmed_grace` seconds after it settled, which may count it twice for that long.

Per-tenant totals are kept as entries come and go, so reading them costs the same however many requests
settled since the last reload (thousands at a few hundred requests a second); `prune` re-sums what remains,
so additions and subtractions never drift.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class Entry:
    at: float
    values: dict[str, float]
    written_at: float | None = None


@dataclass
class PendingUsage:
    unconfirmed_grace: float = 5.0
    confirmed_grace: float = 120.0  # once confirmations flow, unconfirmed entries are events still queued
    _by_tenant: dict[str, dict[str, Entry]] = field(default_factory=dict)
    _tenant_of: dict[str, str] = field(default_factory=dict)
    _totals: dict[str, dict[str, float]] = field(default_factory=dict)
    _confirming: bool = False

    def add(self, request_id: str, tenant_id: str, at: float, values: dict[str, float]) -> None:
        entries = self._by_tenant.setdefault(tenant_id, {})
        previous = entries.get(request_id)
        entries[request_id] = Entry(at, values)
        self._tenant_of[request_id] = tenant_id
        if previous is not None:
            self._totals[tenant_id] = _summed(entries.values())
            return
        totals = self._totals.setdefault(tenant_id, {})
        for key, value in values.items():
            totals[key] = totals.get(key, 0.0) + value

    def written(self, request_ids: Iterable[str], at: float) -> None:
        """Mark entries as stored (the writer finished the batch that holds them)."""
        self._confirming = True
        for rid in request_ids:
            tenant_id = self._tenant_of.get(rid)
            entry = self._by_tenant.get(tenant_id, {}).get(rid) if tenant_id else None
            if entry is not None:
                entry.written_at = at

    def prune(self, reload_started: float) -> None:
        """Forget what the reload that began at `reload_started` already read from the store."""
        grace = self.confirmed_grace if self._confirming else self.unconfirmed_grace
        for tenant_id in list(self._by_tenant):
            entries = self._by_tenant[tenant_id]
            stored = [r for r, e in entries.items() if _stored(e, reload_started, grace)]
            for rid in stored:
                del entries[rid]
                self._tenant_of.pop(rid, None)
            if not entries:
                del self._by_tenant[tenant_id]
                self._totals.pop(tenant_id, None)
            elif stored:
                self._totals[tenant_id] = _summed(entries.values())

    def totals(self, tenant_id: str) -> dict[str, float]:
        """Give the sum of the tenant's entries per key (empty when it has none); do not modify it."""
        return self._totals.get(tenant_id, _EMPTY)


_EMPTY: dict[str, float] = {}


def _summed(entries: Iterable[Entry]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for entry in entries:
        for key, value in entry.values.items():
            totals[key] = totals.get(key, 0.0) + value
    return totals


def _stored(entry: Entry, reload_started: float, grace: float) -> bool:
    if entry.written_at is not None:
        return entry.written_at < reload_started
    return entry.at < reload_started - grace
