"""Usage this process settled that the stored totals may not show yet (budgets' costs, quotas' usage).

An entry counts until a reload began after the analytics writer confirmed it was written (`written`),
so it is never counted twice and never missed. Without confirmations (writer not wired) an entry
counts for `unconfirmed_grace` seconds after it settled, which may count it twice for that long.
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
    _confirming: bool = False

    def add(self, request_id: str, tenant_id: str, at: float, values: dict[str, float]) -> None:
        self._by_tenant.setdefault(tenant_id, {})[request_id] = Entry(at, values)
        self._tenant_of[request_id] = tenant_id

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
            for rid in [r for r, e in entries.items() if _stored(e, reload_started, grace)]:
                del entries[rid]
                self._tenant_of.pop(rid, None)
            if not entries:
                del self._by_tenant[tenant_id]

    def entries(self, tenant_id: str) -> list[Entry]:
        return list(self._by_tenant.get(tenant_id, {}).values())


def _stored(entry: Entry, reload_started: float, grace: float) -> bool:
    if entry.written_at is not None:
        return entry.written_at < reload_started
    return entry.at < reload_started - grace
