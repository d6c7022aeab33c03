"""Quotas (tenants-and-admin §14): evaluation, and a per-process book refreshed in the background.

Failure policy: fail open. A quota book that cannot load keeps its last data (or none) and logs;
quota problems never block a request.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from .pending import PendingUsage
from .periods import period_start, utc_day

log = logging.getLogger(__name__)
USAGE_OF = {
    "tokens_monthly": "tokens",
    "requests_daily": "requests",
    "requests_monthly": "requests",
    "cost_monthly": "cost",
}
ORDER = ("hard_block", "auto_economy", "soft_warning")


@dataclass(frozen=True)
class QuotaState:
    quota_type: str
    limit: float
    used: float
    enforcement: str = "hard_block"
    period: str = "monthly"
    period_start: datetime | None = None


@dataclass(frozen=True)
class QuotaResult:
    allowed: bool = True
    quotas: tuple[dict, ...] = ()
    active_enforcement: str = "none"

    @property
    def at_limit(self) -> tuple[dict, ...]:
        return tuple(q for q in self.quotas if q["pct"] >= 100)


class QuotaSource(Protocol):
    def load(self) -> dict[str, tuple[QuotaState, ...]]: ...


def evaluate_quotas(states: Iterable[QuotaState], local: dict[str, float], now: float) -> QuotaResult:
    """Give the quota check: usage (stored + this process's unflushed) against each limit; quotas at
    ≥ 100 % decide (any hard_block rejects; else auto_economy; else soft_warning)."""
    today = utc_day(now)
    rows = []
    for q in states:
        stored = q.used
        if q.period_start is not None and q.period_start.date() < period_start(q.period, today):
            stored = 0.0  # the reset job has not run yet for this period
        usage = stored + local.get(USAGE_OF.get(q.quota_type, ""), 0.0)
        pct = round(usage / q.limit * 100) if q.limit > 0 else 0
        rows.append(
            {"type": q.quota_type, "usage": usage, "limit": q.limit, "pct": pct, "enforcement": q.enforcement}
        )
    deciding = {r["enforcement"] for r in rows if r["pct"] >= 100}
    active = next((e for e in ORDER if e in deciding), "none")
    return QuotaResult(active != "hard_block", tuple(rows), active)


class QuotaBook:
    """Holds every tenant's quotas in memory plus the usage this process added since the last load."""

    def __init__(
        self,
        source: QuotaSource,
        *,
        clock: Callable[[], float] = time.time,
        refresh_seconds: float = 15.0,
        usage_grace_seconds: float = 5.0,
    ) -> None:
        self._source = source
        self._clock = clock
        self.refresh_seconds = refresh_seconds
        self._quotas: dict[str, tuple[QuotaState, ...]] = {}
        self._pending = PendingUsage(unconfirmed_grace=usage_grace_seconds)
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def refresh(self) -> None:
        """Reload quotas; local usage the stored usage now holds stops counting twice."""
        started = self._clock()
        quotas = self._source.load()
        with self._lock:
            self._quotas = quotas
            self._pending.prune(started)

    def check(self, tenant_id: str) -> QuotaResult:
        """Give the tenant's quota result (allowed with no rows when it has no quotas)."""
        with self._lock:
            states = self._quotas.get(tenant_id, ())
            if not states:
                return QuotaResult()
            local = dict(self._pending.totals(tenant_id))
        return evaluate_quotas(states, local, self._clock())

    def add_usage(
        self, request_id: str, tenant_id: str, *, tokens: int, cost: float, requests: int = 1
    ) -> None:
        """Count a finished request of this process until the stored usage includes it."""
        usage = {"tokens": float(tokens), "requests": float(requests), "cost": float(cost)}
        with self._lock:
            if tenant_id in self._quotas:
                self._pending.add(request_id, tenant_id, self._clock(), usage)

    def written(self, request_ids: list[str]) -> None:
        """Note that the analytics writer applied these requests' quota usage."""
        with self._lock:
            self._pending.written(request_ids, self._clock())

    def start(self) -> None:
        """Load now and then every `refresh_seconds` in a daemon thread; failures are logged (fail open)."""
        self._refresh_logged()
        threading.Thread(target=self._loop, name="quota-book", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def _loop(self) -> None:
        while not self._stop.wait(self.refresh_seconds):
            self._refresh_logged()

    def _refresh_logged(self) -> None:
        try:
            self.refresh()
        except Exception:
            log.exception("quota refresh failed; quotas keep their last known state (fail open)")
