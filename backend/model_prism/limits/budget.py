"""Budget arithmetic: spend per UTC window from per-day totals, and what the limits and the guard say."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .periods import month_start, week_start

PERIODS = (("daily", "dailyUsd"), ("weekly", "weeklyUsd"), ("monthly", "monthlyUsd"))
DEFAULT_THRESHOLD_PCT = 80.0


@dataclass(frozen=True)
class Spend:
    daily: float = 0.0
    weekly: float = 0.0
    monthly: float = 0.0

    def of(self, period: str) -> float:
        return getattr(self, period)


@dataclass(frozen=True)
class BudgetStatus:
    spend: Spend
    exceeded: tuple[str, ...] = ()  # periods whose limit is reached
    guard_active: bool = False
    guard_periods: tuple[str, ...] = ()  # periods at or above the guard threshold
    max_pct: float = 0.0


@functools.lru_cache(maxsize=16)
def window_days(today: date) -> tuple[str, str, str]:
    """Give the first day of the daily, weekly and monthly windows of `today` (ISO strings, as the per-day keys)."""
    return today.isoformat(), week_start(today).isoformat(), month_start(today).isoformat()


def window_spend(
    per_day: Mapping[str, float], today: date, *more: Mapping[str, float], held: float = 0.0
) -> Spend:
    """Give daily (today), weekly (last 7 days incl. today) and monthly (this calendar month) spend of the per-day
    totals (summed over `per_day` and any `more`), with `held` more counted today."""
    day, week, month = window_days(today)
    daily = weekly = monthly = held
    for totals in (per_day, *more):
        for d, cost in totals.items():
            if d > day or d < month and d < week:
                continue
            if d == day:
                daily += cost
            if d >= week:
                weekly += cost
            if d >= month:
                monthly += cost
    return Spend(daily, weekly, monthly)


def configured_limits(limits: Mapping[str, Any] | None) -> dict[str, float]:
    """Give the periods with a positive limit (0 or missing means unlimited)."""
    out = {}
    for period, field in PERIODS:
        value = float((limits or {}).get(field) or 0)
        if value > 0:
            out[period] = value
    return out


def evaluate(spend: Spend, configured: Mapping[str, float], guard: Mapping[str, Any] | None) -> BudgetStatus:
    """Give which limits are reached and whether the budget guard is active (spec gateway §5, §9); `configured` is
    the tenant's limits as `configured_limits` gives them (read once per check)."""
    exceeded: list[str] = []
    guarded: list[str] = []
    guard_on = bool(guard) and bool(guard.get("enabled"))
    threshold = float(guard.get("thresholdPct") or DEFAULT_THRESHOLD_PCT) if guard_on else 0.0
    top = 0.0
    for period, limit in configured.items():
        used = spend.of(period)
        pct = used / limit * 100
        top = max(top, pct)
        if used >= limit:
            exceeded.append(period)
        if guard_on and pct >= threshold:
            guarded.append(period)
    return BudgetStatus(
        spend=spend,
        exceeded=tuple(exceeded),
        guard_active=bool(guarded) and not exceeded,
        guard_periods=tuple(guarded),
        max_pct=round(top, 2),
    )
