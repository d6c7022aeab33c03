"""PendingUsage keeps per-tenant totals as entries are added, confirmed and pruned."""

from __future__ import annotations

from model_prism.limits.pending import PendingUsage


def test_totals_follow_additions_per_tenant():
    pending = PendingUsage()
    pending.add("r1", "t1", 100.0, {"2026-11-29": 0.5})
    pending.add("r2", "t1", 101.0, {"2026-11-29": 0.25, "2026-11-28": 1.0})
    pending.add("r3", "t2", 101.0, {"2026-11-29": 2.0})
    assert pending.totals("t1") == {"2026-11-29": 0.75, "2026-11-28": 1.0}
    assert pending.totals("t2") == {"2026-11-29": 2.0}
    assert pending.totals("nobody") == {}


def test_adding_the_same_request_twice_counts_it_once():
    pending = PendingUsage()
    pending.add("r1", "t1", 100.0, {"cost": 0.5})
    pending.add("r1", "t1", 100.0, {"cost": 0.75})
    assert pending.totals("t1") == {"cost": 0.75}


def test_prune_removes_confirmed_entries_from_the_totals():
    pending = PendingUsage()
    for i in range(1000):
        pending.add(f"r{i}", "t1", 100.0, {"cost": 0.001})
    pending.written([f"r{i}" for i in range(600)], at=105.0)
    pending.prune(reload_started=106.0)
    assert round(pending.totals("t1")["cost"], 9) == 0.4
    pending.written([f"r{i}" for i in range(600, 1000)], at=107.0)
    pending.prune(reload_started=108.0)
    assert pending.totals("t1") == {}


def test_unconfirmed_entries_expire_after_the_grace():
    pending = PendingUsage(unconfirmed_grace=5.0)
    pending.add("old", "t1", 100.0, {"cost": 1.0})
    pending.add("new", "t1", 104.0, {"cost": 2.0})
    pending.prune(reload_started=106.0)
    assert pending.totals("t1") == {"cost": 2.0}
