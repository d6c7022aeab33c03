"""Budget arithmetic: spend per UTC window from per-day totals, and what the limits and the guard say."""

from __future__ import annotations

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

    def plus_today(self, amount: float) -> Spend:
        """Give the spend with `amount` more spent today (today is inside every window)."""
        return Spend(self.daily + amount, self.weekly + amount, self.monthly + amount)


@dataclass(frozen=True)
class BudgetStatus:
    spend: Spend
    exceeded: tuple[str, ...] = ()  # periods whose limit is reached
    guard_active: bool = False
    guard_periods: tuple[str, ...] = ()  # periods at or above the guard threshold
    max_pct: float = 0.0


def window_spend(per_day: Mapping[str, float], today: date) -> Spend:
    """Give daily (today), weekly (last 7 days incl. today) and monthly (this calendar month) spend."""
    day, week, month = today.isoformat(), week_start(today).isoformat(), month_start(today).isoformat()
    daily = weekly = monthly = 0.0
    for d, cost in per_day.items():
        if d > day:
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


def evaluate(spend: Spend, limits: Mapping[str, Any] | None, guard: Mapping[str, Any] | None) -> BudgetStatus:
    """Give which limits are reached and whether the budget guard is active (spec gateway §5, §9)."""
    configured = configured_limits(limits)
    pct = {p: spend.of(p) / lim * 100 for p, lim in configured.items()}
    exceeded = tuple(p for p, lim in configured.items() if spend.of(p) >= lim)
    guard = guard or {}
    threshold = float(guard.get("thresholdPct") or DEFAULT_THRESHOLD_PCT)
    guarded = tuple(p for p, v in pct.items() if v >= threshold) if guard.get("enabled") else ()
    return BudgetStatus(
        spend=spend,
        exceeded=exceeded,
        guard_active=bool(guarded) and not exceeded,
        guard_periods=guarded,
        max_pct=round(max(pct.values(), default=0.0), 2),
    )
