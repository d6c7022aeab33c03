"""Per-process budget ledger: spend from the daily aggregates (refreshed in the background), this process's
settled costs not yet visible there, and the estimated cost of requests in flight.

Failure policy: fail closed. A tenant with a budget limit is refused (`BudgetUnavailable`) while the
spend has not been loaded, or the last successful refresh is older than `max_stale_seconds`; tenants
without limits are never affected. Refresh failures are logged and retried on the next tick.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from .budget import BudgetStatus, Spend, configured_limits, evaluate, window_spend
from .pending import PendingUsage
from .periods import first_day_needed, utc_day

log = logging.getLogger(__name__)


class SpendSource(Protocol):
    """Gives tenant id → {UTC day "YYYY-MM-DD" → cost in USD} for every day since `first_day`."""

    def costs_since(self, first_day: date) -> dict[str, dict[str, float]]: ...


class BudgetUnavailable(Exception):
    """The spend of a tenant with budget limits is not known well enough to admit a request."""


@dataclass(frozen=True)
class Reservation:
    tenant_id: str
    amount: float
    at: float


UNLIMITED = BudgetStatus(Spend())  # the status of a tenant without budget limits
_NONE: dict[str, float] = {}


class BudgetLedger:
    """Admits requests against budgets and holds their estimated cost until they settle."""

    def __init__(
        self,
        source: SpendSource,
        *,
        clock: Callable[[], float] = time.time,
        refresh_seconds: float = 15.0,
        max_stale_seconds: float = 120.0,
        settle_grace_seconds: float = 5.0,
        reservation_ttl_seconds: float = 600.0,
    ) -> None:
        self._source = source
        self._clock = clock
        self.refresh_seconds = refresh_seconds
        self._max_stale = max_stale_seconds
        self._reservation_ttl = reservation_ttl_seconds
        self._per_day: dict[str, dict[str, float]] = {}
        self._loaded_at: float | None = None
        self._pending = PendingUsage(unconfirmed_grace=settle_grace_seconds)
        self._reserved: dict[str, Reservation] = {}
        self._held: dict[str, float] = {}  # tenant id -> sum of its reservations
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def refresh(self) -> None:
        """Reload per-day spend from the source; settled costs the source now holds stop counting twice."""
        started = self._clock()
        per_day = self._source.costs_since(first_day_needed(utc_day(started)))
        with self._lock:
            self._per_day, self._loaded_at = per_day, started
            self._pending.prune(started)
            expired = started - self._reservation_ttl
            for rid in [r for r, res in self._reserved.items() if res.at < expired]:
                log.warning("budget reservation %s never settled; released", rid)
                self._release(rid)

    def status(self, tenant: Any) -> BudgetStatus:
        """Give the tenant's budget status counting spend, unflushed settlements and in-flight estimates."""
        with self._lock:
            return self._status(tenant, self._clock())

    def reserve(self, request_id: str, tenant: Any, estimate: float) -> BudgetStatus:
        """Give the status before this request; when no limit is reached, hold `estimate` until `settle`.

        Check and hold happen under one lock, so parallel requests in this process see each other's holds
        and a budget is overrun by at most the estimate of the request that was admitted last.
        """
        with self._lock:
            now = self._clock()
            status = self._status(tenant, now)
            if not status.exceeded and estimate > 0 and status is not UNLIMITED:
                self._release(request_id)
                self._reserved[request_id] = Reservation(tenant.id, float(estimate), now)
                self._held[tenant.id] = self._held.get(tenant.id, 0.0) + float(estimate)
            return status

    def settle(self, request_id: str, tenant_id: str, actual_cost: float) -> None:
        """Replace the request's hold (if any) by its actual cost, counted until the aggregates show it."""
        with self._lock:
            self._release(request_id)
            if actual_cost > 0:
                now = self._clock()
                self._pending.add(request_id, tenant_id, now, {utc_day(now).isoformat(): float(actual_cost)})

    def written(self, request_ids: list[str]) -> None:
        """Note that the analytics writer stored these requests' costs in the daily aggregates."""
        with self._lock:
            self._pending.written(request_ids, self._clock())

    def in_flight(self, tenant_id: str) -> float:
        """Give the total estimated cost held for the tenant's requests in flight."""
        with self._lock:
            return self._held.get(tenant_id, 0.0)

    def _release(self, request_id: str) -> None:
        res = self._reserved.pop(request_id, None)
        if res is not None:
            left = self._held.get(res.tenant_id, 0.0) - res.amount
            if left > 1e-12:
                self._held[res.tenant_id] = left
            else:
                self._held.pop(res.tenant_id, None)

    def _status(self, tenant: Any, now: float) -> BudgetStatus:
        configured = configured_limits(tenant.budget_limits)
        if not configured:
            return UNLIMITED
        if self._loaded_at is None or now - self._loaded_at > self._max_stale:
            raise BudgetUnavailable(tenant.id)
        spend = window_spend(
            self._per_day.get(tenant.id, _NONE),
            utc_day(now),
            self._pending.totals(tenant.id),
            held=self._held.get(tenant.id, 0.0),
        )
        return evaluate(spend, configured, tenant.budget_guard)

    def start(self) -> None:
        """Refresh now (failures logged) and then every `refresh_seconds` in a daemon thread (a greenlet
        under gevent's monkey patching)."""
        self._refresh_logged()
        self._thread = threading.Thread(target=self._loop, name="budget-ledger", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _loop(self) -> None:
        while not self._stop.wait(self.refresh_seconds):
            self._refresh_logged()

    def _refresh_logged(self) -> None:
        try:
            self.refresh()
        except Exception:
            log.exception("budget spend refresh failed; budgets fail closed after %.0f s", self._max_stale)
