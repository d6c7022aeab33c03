"""Limit stages of the gateway pipeline: each takes the frozen context and gives it back with a trace note,
or raises the 429 of gateway §16. Collaborators come in by keyword (functools.partial)."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import GatewayError
from ..gateway.context import RequestContext
from . import refusals
from .budget import BudgetStatus
from .estimates import input_tokens, request_cost
from .ip_limit import IpLimiter
from .ledger import BudgetLedger, BudgetUnavailable
from .notices import OncePerPeriod
from .periods import seconds_until, utc_day
from .quotas import QuotaBook, QuotaResult
from .tenant_rate import TenantRateLimiter

log = logging.getLogger(__name__)
DEFAULT_BLOCK_TIERS = ("high", "ultra", "critical")
KNOWN_TIERS = frozenset(("micro", "minimal", "low", "medium", "advanced", "high", "ultra", "critical"))
SPENDING = "spending"
_FIELDS: dict[type, frozenset[str]] = {}


def evolve(ctx: RequestContext, stage: str, note: Mapping[str, Any], **fields: Any) -> RequestContext:
    """Give ctx.evolve(...) with only the fields RequestContext has (the note always carries them)."""
    names = _FIELDS.get(type(ctx))
    if names is None:
        names = _FIELDS[type(ctx)] = frozenset(f.name for f in dataclasses.fields(ctx))
    return ctx.evolve(stage, note, **{k: v for k, v in fields.items() if k in names})


def note_of(ctx: RequestContext, stage: str) -> Mapping[str, Any] | None:
    """Give the last trace note the stage left, or None."""
    return next((note for name, note in reversed(ctx.notes) if name == stage), None)


def limit_ip(ctx: RequestContext, *, limiter: IpLimiter) -> RequestContext:
    """Give the context when the client IP is under its limit; else 429 with draft-7 RateLimit headers.
    Failure policy: in-process only, nothing to fail."""
    decision = limiter.admit(ctx.client_ip or "unknown")
    if not decision.allowed:
        raise refusals.ip_rate_limited(limiter.headers(decision))
    return ctx.evolve("ip_limit", {"remaining": max(0, decision.remaining - 1)})


def limit_tenant_rate(ctx: RequestContext, *, limiter: TenantRateLimiter) -> RequestContext:
    """Give the context when the tenant is under requests/min and tokens/min; else 429 with Retry-After.
    Failure policy: fail open and log (the counter falls back to in-process windows; anything it still
    raises lets the request through)."""
    tenant = ctx.tenant
    rate = tenant.rate_limit or {}
    rpm, tpm = int(rate.get("requestsPerMinute") or 0), int(rate.get("tokensPerMinute") or 0)
    if rpm <= 0 and tpm <= 0:
        return ctx
    try:
        note = _check_rates(ctx, limiter, rpm, tpm)
    except GatewayError:
        raise
    except Exception:  # noqa: BLE001 - fail open
        log.exception("tenant rate limiter failed; request continues")
        note = {"failed_open": True}
    return ctx.evolve("rate_limit", note)


def _check_rates(ctx: RequestContext, limiter: TenantRateLimiter, rpm: int, tpm: int) -> dict[str, Any]:
    tenant, note = ctx.tenant, {}
    if rpm > 0:
        decision = limiter.admit_request(tenant.id, rpm)
        if not decision.allowed:
            raise refusals.tenant_rate_limited(tenant.slug, rpm, decision.retry_after)
        note["requests"] = {"limit": rpm, "used": round(decision.used, 2)}
    if tpm > 0:
        estimate = input_tokens(ctx)
        decision = limiter.admit_tokens(tenant.id, tpm, estimate)
        if not decision.allowed:
            raise refusals.tenant_token_rate_limited(tenant.slug, tpm, decision.retry_after)
        note["tokens"] = {"limit": tpm, "used": round(decision.used, 2), "estimate": estimate}
    return note


def check_spending(
    ctx: RequestContext,
    *,
    ledger: BudgetLedger,
    quotas: QuotaBook,
    notices: OncePerPeriod,
    clock: Callable[[], float] = time.time,
) -> RequestContext:
    """Give the context with the budget and quota verdict: 429 when a budget limit or a hard quota is
    reached; otherwise the guard's or auto_economy's cost mode for routing (`budget_cost_mode`).
    Failure policy: budgets fail closed (503 while spend is unknown); quotas fail open."""
    tenant, now = ctx.tenant, clock()
    try:
        budget = ledger.status(tenant)
    except BudgetUnavailable:
        raise refusals.budget_unavailable(tenant.slug, int(ledger.refresh_seconds)) from None
    _notify_budget(tenant, budget, notices, now)
    if budget.exceeded:
        raise refusals.budget_exceeded(tenant.slug, max(seconds_until(p, now) for p in budget.exceeded))
    quota = _quota_result(quotas, tenant.id)
    _notify_quota(tenant, quota, notices, now)
    if not quota.allowed:
        raise refusals.quota_exceeded(tenant.slug, _quota_retry(quota, now))
    guard = tenant.budget_guard or {}
    mode = (guard.get("guardCostMode") or "economy") if budget.guard_active else None
    mode = None if mode == "balanced" else mode  # balanced: the guard does not override routing
    economy = quota.active_enforcement == "auto_economy"
    blocked = _block_tiers(guard) if budget.guard_active else ()
    note = {
        "budget": {
            "daily": budget.spend.daily,
            "weekly": budget.spend.weekly,
            "monthly": budget.spend.monthly,
            "max_pct": budget.max_pct,
        },
        "guard_active": budget.guard_active,
        "budget_cost_mode": "economy" if economy else mode,
        "quota_economy": economy,
        "quota_enforcement": quota.active_enforcement,
        "blocked_tiers": list(blocked),
        "guard_periods": list(budget.guard_periods),
    }
    return evolve(
        ctx,
        SPENDING,
        note,
        budget_cost_mode="economy" if economy else mode,
        quota_economy=economy,
        budget_blocked_tiers=blocked,
    )


def guard_tiers(ctx: RequestContext, *, clock: Callable[[], float] = time.time) -> RequestContext:
    """Give the context unless the budget guard is active and the explicitly requested model's tier is
    blocked (429 `budget_guard_error`); auto-routed requests always pass (the router avoids those tiers)."""
    spending = note_of(ctx, SPENDING)
    if not spending or not spending.get("guard_active") or ctx.is_auto or ctx.target is None:
        return ctx
    tier = ctx.target.model.tier if ctx.target.model is not None else None
    if tier and tier in spending.get("blocked_tiers", ()):
        periods = spending.get("guard_periods") or ("daily",)
        retry = min(seconds_until(p, clock()) for p in periods)
        raise refusals.tier_blocked(ctx.target.model_id, tier, ctx.tenant.slug, retry)
    return ctx.evolve("budget_guard", {"tier": tier, "blocked": False})


def reserve_budget(
    ctx: RequestContext, *, ledger: BudgetLedger, clock: Callable[[], float] = time.time
) -> RequestContext:
    """Give the context after holding the request's estimated cost against the tenant's budgets; 429 when
    the spend plus every hold in flight already reached a limit. Failure policy: fail closed (503)."""
    estimate = request_cost(ctx)
    try:
        status: BudgetStatus = ledger.reserve(ctx.request_id, ctx.tenant, estimate)
    except BudgetUnavailable:
        raise refusals.budget_unavailable(ctx.tenant.slug, int(ledger.refresh_seconds)) from None
    if status.exceeded:
        raise refusals.budget_exceeded(
            ctx.tenant.slug, max(seconds_until(p, clock()) for p in status.exceeded)
        )
    return ctx.evolve("budget_reserve", {"estimate_usd": round(estimate, 8)})


def _block_tiers(guard: Mapping[str, Any]) -> tuple[str, ...]:
    tiers = guard.get("blockTiers")
    tiers = DEFAULT_BLOCK_TIERS if tiers is None else tiers
    return tuple(t for t in tiers if t in KNOWN_TIERS)


def _quota_result(quotas: QuotaBook, tenant_id: str) -> QuotaResult:
    try:
        return quotas.check(tenant_id)
    except Exception:  # noqa: BLE001 - quota failures never block a request
        log.exception("quota check failed; request continues")
        return QuotaResult()


def _quota_retry(quota: QuotaResult, now: float) -> int:
    periods = [q["type"].rsplit("_", 1)[-1] for q in quota.at_limit if q["enforcement"] == "hard_block"]
    return min((seconds_until(p, now) for p in periods), default=seconds_until("monthly", now))


def _notify_budget(tenant: Any, budget: BudgetStatus, notices: OncePerPeriod, now: float) -> None:
    day = utc_day(now)
    for period in budget.exceeded or budget.guard_periods:
        event = "budget_exceeded" if budget.exceeded else "budget_threshold"
        key = day.strftime("%Y-%m") if period == "monthly" else day.isoformat()
        payload = {
            "tenant": tenant.slug,
            "period": period,
            "spend": budget.spend.of(period),
            "pct": budget.max_pct,
        }
        notices.notify(event, tenant.id, period, key, payload)


def _notify_quota(tenant: Any, quota: QuotaResult, notices: OncePerPeriod, now: float) -> None:
    day = utc_day(now)
    for q in quota.at_limit:
        event = "quota_exhausted" if q["enforcement"] == "hard_block" else "quota_warning"
        key = day.isoformat() if q["type"].endswith("daily") else day.strftime("%Y-%m")
        notices.notify(
            event, tenant.id, q["type"], key, {"tenant": tenant.slug, "quotas": list(quota.at_limit)}
        )
