"""UTC calendar periods of budgets and quotas: window starts and seconds until the next reset."""

from __future__ import annotations

import functools
import math
from datetime import UTC, date, datetime, timedelta

EPOCH_DAY = date(1970, 1, 1)


def utc_day(now: float) -> date:
    """Give the UTC calendar day of an epoch time (POSIX time has 86,400 seconds in every day)."""
    return _day(int(now // 86400))


@functools.lru_cache(maxsize=64)
def _day(days_since_epoch: int) -> date:
    return EPOCH_DAY + timedelta(days=days_since_epoch)


def week_start(today: date) -> date:
    """Give the first day of the weekly window: the last 7 UTC days including today."""
    return today - timedelta(days=6)


def month_start(today: date) -> date:
    return today.replace(day=1)


def first_day_needed(today: date) -> date:
    """Give the oldest day any budget window of `today` covers."""
    return min(week_start(today), month_start(today))


def next_month(today: date) -> date:
    return (today.replace(day=28) + timedelta(days=4)).replace(day=1)


def seconds_until(period: str, now: float) -> int:
    """Give whole seconds from `now` until the period's window next moves (`daily`/`weekly`: next UTC
    midnight, when the oldest day leaves the window; `monthly`: the first of next month); at least 1."""
    today = utc_day(now)
    boundary = next_month(today) if period == "monthly" else today + timedelta(days=1)
    at = datetime(boundary.year, boundary.month, boundary.day, tzinfo=UTC).timestamp()
    return max(1, math.ceil(at - now))


def period_start(period: str, today: date) -> date:
    """Give the first day of a quota period (`daily` or `monthly`)."""
    return month_start(today) if period == "monthly" else today
