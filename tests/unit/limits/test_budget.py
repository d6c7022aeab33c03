"""Budget windows (UTC day / last 7 days / calendar month), the guard, and the ledger's fail-closed policy."""

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from model_prism.limits.budget import Spend, configured_limits, evaluate, window_spend
from model_prism.limits.ledger import BudgetLedger, BudgetUnavailable
from model_prism.limits.periods import seconds_until
from model_prism.limits.sources import MemorySpend


def at(y, m, d, hh=12) -> float:
    return datetime(y, m, d, hh, tzinfo=UTC).timestamp()


def tenant(limits=None, guard=None, tid="t1"):
    return SimpleNamespace(id=tid, slug="team-a", budget_limits=limits or {}, budget_guard=guard or {})


def test_windows_are_utc_day_last_seven_days_and_calendar_month():
    per_day = {"2026-10-26": 16.0, "2026-10-27": 1.0, "2026-10-31": 2.0, "2026-11-01": 4.0, "2026-11-02": 8.0}
    per_day["2026-11-03"] = 99.0  # a later day (clock skew) is in no window
    spend = window_spend(per_day, date(2026, 11, 2))
    assert spend == Spend(daily=8.0, weekly=15.0, monthly=12.0)  # week 10-27..11-02; month: November


def test_windows_sum_several_per_day_maps_and_count_held_cost_today():
    stored = {"2026-10-20": 32.0, "2026-10-27": 1.0, "2026-11-01": 4.0, "2026-11-02": 8.0}
    settled = {"2026-11-02": 0.5, "2026-10-31": 2.0, "2026-11-03": 99.0}
    spend = window_spend(stored, date(2026, 11, 2), settled, held=0.25)
    assert spend == Spend(daily=8.75, weekly=15.75, monthly=12.75)
    merged = {d: stored.get(d, 0.0) + settled.get(d, 0.0) for d in stored.keys() | settled.keys()}
    assert spend == window_spend(merged, date(2026, 11, 2), held=0.25)


def test_limit_reached_and_guard_threshold():
    limits = {"dailyUsd": 10, "weeklyUsd": 0, "monthlyUsd": 100}
    guard = {"enabled": True, "thresholdPct": 80}
    assert evaluate(Spend(10, 10, 10), configured_limits(limits), guard).exceeded == ("daily",)
    status = evaluate(Spend(8, 8, 50), configured_limits(limits), guard)
    assert status.guard_active and status.guard_periods == ("daily",) and status.max_pct == 80
    assert not evaluate(Spend(8, 8, 50), configured_limits(limits), {"enabled": False}).guard_active
    assert (
        evaluate(Spend(1e9, 1e9, 1e9), configured_limits({}), guard).exceeded == ()
    )  # 0 / missing = unlimited
    both = evaluate(
        Spend(9, 120, 120), configured_limits({"dailyUsd": 10, "weeklyUsd": 100, "monthlyUsd": 100}), guard
    )
    assert both.exceeded == ("weekly", "monthly") and both.guard_periods == ("daily", "weekly", "monthly")
    assert not both.guard_active and both.max_pct == 120  # exceeded wins over the guard


def test_seconds_until_next_utc_midnight_and_month():
    assert seconds_until("daily", at(2026, 11, 29, 23) + 1800) == 1800
    assert seconds_until("monthly", at(2026, 12, 31, 12)) == 12 * 3600


def test_ledger_fails_closed_until_spend_is_known_and_when_stale():
    clock = SimpleNamespace(t=at(2026, 11, 2))
    source = MemorySpend()
    ledger = BudgetLedger(source, clock=lambda: clock.t, max_stale_seconds=120)
    limited = tenant({"dailyUsd": 5})
    with pytest.raises(BudgetUnavailable):
        ledger.status(limited)
    assert ledger.status(tenant()).exceeded == ()  # no limits: never affected
    ledger.refresh()
    assert ledger.status(limited).exceeded == ()
    source.fail = ConnectionError("down")
    clock.t += 121
    with pytest.raises(ConnectionError):
        ledger.refresh()
    with pytest.raises(BudgetUnavailable):
        ledger.status(limited)


def test_ledger_counts_aggregates_settled_costs_and_holds():
    clock = SimpleNamespace(t=at(2026, 11, 2))
    source = MemorySpend()
    source.add("t1", "2026-11-02", 3.0)
    ledger = BudgetLedger(source, clock=lambda: clock.t, settle_grace_seconds=5)
    ledger.refresh()
    limited = tenant({"dailyUsd": 5})
    assert ledger.reserve("r1", limited, 1.5).exceeded == ()
    assert ledger.status(limited).spend.daily == 4.5 and ledger.in_flight("t1") == 1.5
    assert ledger.reserve("r2", limited, 1.0).exceeded == ()  # 4.5 < 5: admitted, now 5.5 committed
    assert ledger.reserve("r3", limited, 0.1).exceeded == ("daily",)  # nothing held for a refused one
    ledger.settle("r1", "t1", 1.0)
    ledger.settle("r2", "t1", 0.5)
    assert ledger.status(limited).spend.daily == pytest.approx(4.5) and ledger.in_flight("t1") == 0
    # the sink writes the settled costs; after the grace a refresh stops counting them twice
    source.add("t1", "2026-11-02", 1.5)
    clock.t += 6
    ledger.refresh()
    assert ledger.status(limited).spend.daily == pytest.approx(4.5)


def test_unsettled_holds_expire():
    clock = SimpleNamespace(t=at(2026, 11, 2))
    ledger = BudgetLedger(MemorySpend(), clock=lambda: clock.t, reservation_ttl_seconds=600)
    ledger.refresh()
    ledger.reserve("lost", tenant({"dailyUsd": 5}), 2.0)
    clock.t += 601
    ledger.refresh()
    assert ledger.in_flight("t1") == 0


def test_written_costs_stop_counting_at_the_next_reload_not_later():
    clock = SimpleNamespace(t=at(2026, 11, 2))
    source = MemorySpend()
    ledger = BudgetLedger(source, clock=lambda: clock.t, settle_grace_seconds=5)
    ledger.refresh()
    limited = tenant({"dailyUsd": 5})
    ledger.reserve("r1", limited, 1.0)
    ledger.settle("r1", "t1", 2.0)
    clock.t += 1
    ledger.refresh()  # nothing written yet: the settled cost still counts
    assert ledger.status(limited).spend.daily == 2.0
    source.add("t1", "2026-11-02", 2.0)  # stored, but no confirmation yet: within the grace it counts twice
    ledger.refresh()
    assert ledger.status(limited).spend.daily == 4.0
    ledger.written(["r1"])
    clock.t += 0.5
    ledger.refresh()  # began after the confirmation: the aggregates hold it, the entry goes
    assert ledger.status(limited).spend.daily == 2.0
