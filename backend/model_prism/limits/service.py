"""The limits layer of one worker: its collaborators, its stages in pipeline order, and the settle hook."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from ..gateway.context import RequestContext
from .counters import MemoryCounter, WindowCounter
from .ip_limit import IpLimiter
from .ledger import BudgetLedger, SpendSource
from .notices import Notifier, NullNotifier, OncePerPeriod
from .quotas import QuotaBook, QuotaSource
from .stages import check_spending, guard_tiers, limit_ip, limit_tenant_rate, reserve_budget
from .tenant_rate import TenantRateLimiter

log = logging.getLogger(__name__)
Stage = Callable[[RequestContext], RequestContext]


@dataclass
class Limits:
    """Holds the per-worker limiters, budget ledger and quota book, and gives their stages."""

    ip: IpLimiter
    rate: TenantRateLimiter
    ledger: BudgetLedger
    quotas: QuotaBook
    notices: OncePerPeriod
    clock: Callable[[], float] = field(default=time.time)

    @property
    def ip_stage(self) -> Stage:
        """Before `authenticate`: 600 req / 60 s per client IP."""
        return partial(limit_ip, limiter=self.ip)

    @property
    def admission_stages(self) -> tuple[Stage, ...]:
        """After `validate_request`: tenant requests/tokens per minute, then budgets and quotas."""
        return (
            partial(limit_tenant_rate, limiter=self.rate),
            partial(
                check_spending, ledger=self.ledger, quotas=self.quotas, notices=self.notices, clock=self.clock
            ),
        )

    @property
    def dispatch_stages(self) -> tuple[Stage, ...]:
        """After `clamp_max_tokens` (the target and max_tokens are known): guard tiers, then hold the cost."""
        return (
            partial(guard_tiers, clock=self.clock),
            partial(reserve_budget, ledger=self.ledger, clock=self.clock),
        )

    def settle(self, ctx: RequestContext, actual_cost: float, tokens: int) -> None:
        """Release the request's budget hold for its actual cost and add its tokens to the tenant's windows.
        Call once per request that got past authentication, success or not (0, 0 when nothing ran)."""
        if ctx.tenant is not None:
            self.settle_usage(
                ctx.request_id, ctx.tenant.id, actual_cost, tokens, success=actual_cost > 0 or tokens > 0
            )

    def settle_event(self, event) -> None:
        """Settle from the analytics UsageEvent of a request (the recording path's one call)."""
        tokens = int(event.input_tokens or 0) + int(event.output_tokens or 0)
        self.settle_usage(
            event.request_id,
            event.tenant_id,
            float(event.actual_cost or 0.0),
            tokens,
            success=event.status == "success",
        )

    def settle_usage(
        self, request_id: str, tenant_id: str, actual_cost: float, tokens: int, *, success: bool
    ) -> None:
        self.ledger.settle(request_id, tenant_id, actual_cost)
        self.record_tokens(tenant_id, tokens)
        if success:
            self.quotas.add_usage(request_id, tenant_id, tokens=tokens, cost=actual_cost)

    def written(self, events) -> None:
        """Tell budgets and quotas that the analytics writer stored this batch (call after each batch write)."""
        ids = [e.request_id for e in events]
        self.ledger.written(ids)
        self.quotas.written(ids)

    def record_tokens(self, tenant_id: str, tokens: int) -> None:
        """Add actual tokens to the tenant's tokens/min window (fail open: never raises)."""
        try:
            self.rate.record_tokens(tenant_id, tokens)
        except Exception:  # noqa: BLE001 - accounting of a finished request must not fail it
            log.exception("recording tokens for the tenant window failed")

    def start(self) -> None:
        """Load budgets and quotas now, then refresh them in the background."""
        self.ledger.start()
        self.quotas.start()

    def stop(self) -> None:
        self.ledger.stop()
        self.quotas.stop()


def build_limits(
    counter: WindowCounter,
    spend: SpendSource,
    quotas: QuotaSource,
    *,
    notifier: Notifier | None = None,
    clock: Callable[[], float] = time.time,
    refresh_seconds: float = 15.0,
    ip_limit: int | None = None,
) -> Limits:
    """Give the limits layer over the given counter and sources (Mongo in the app, twins in tests)."""
    return Limits(
        ip=IpLimiter(ip_limit, clock=clock) if ip_limit is not None else IpLimiter(clock=clock),
        rate=TenantRateLimiter(counter, clock=clock),
        ledger=BudgetLedger(spend, clock=clock, refresh_seconds=refresh_seconds),
        quotas=QuotaBook(quotas, clock=clock, refresh_seconds=refresh_seconds),
        notices=OncePerPeriod(notifier or NullNotifier()),
        clock=clock,
    )


def mongo_limits(
    *,
    notifier: Notifier | None = None,
    refresh_seconds: float = 15.0,
    single_process: bool = False,
    ip_limit: int | None = None,
) -> Limits:
    """Give the limits layer of a worker: windows shared through `ratelimits` (local fallback when slow),
    budgets from `dailystats`, quotas from `quotas`. Call `.start()` where background work starts.

    `single_process` (the embedded store, which always runs one process): the windows are exact in memory, so
    no store round trip is made per request."""
    from ..models import DailyStat, Quota, RateLimitBucket
    from .shared_counter import FailoverCounter, MongoCounter
    from .sources import DailyStatsSpend, QuotaDocuments

    counter = (
        MemoryCounter()
        if single_process
        else FailoverCounter(MongoCounter(RateLimitBucket._get_collection), MemoryCounter())
    )
    return build_limits(
        counter,
        DailyStatsSpend(DailyStat._get_collection),
        QuotaDocuments(Quota._get_collection),
        notifier=notifier,
        refresh_seconds=refresh_seconds,
        ip_limit=ip_limit,
    )


def with_limit_stages(stages: tuple[Stage, ...], limits: Limits) -> tuple[Stage, ...]:
    """Give the pipeline with the limit stages in place: the IP limiter first, admission after
    `validate_request` (the body is parsed), guard and hold after `clamp_max_tokens` (target known)."""
    from ..gateway.parse import validate_request
    from ..gateway.target import clamp_max_tokens

    out: list[Stage] = [limits.ip_stage]
    for stage in stages:
        out.append(stage)
        if stage is validate_request:
            out.extend(limits.admission_stages)
        elif stage is clamp_max_tokens:
            out.extend(limits.dispatch_stages)
    return tuple(out)
