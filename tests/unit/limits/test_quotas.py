"""Quota evaluation (tenants §14) and the book's fail-open policy."""

from datetime import UTC, datetime

import pytest

from model_prism.limits.quotas import QuotaBook, QuotaState, evaluate_quotas
from model_prism.limits.sources import MemoryQuotas

NOW = datetime(2026, 11, 15, 12, tzinfo=UTC).timestamp()


def q(kind, limit, used, enforcement, period="monthly", start=None):
    return QuotaState(kind, limit, used, enforcement, period, start)


def test_hard_block_wins_then_auto_economy_then_soft_warning():
    assert (
        evaluate_quotas([q("requests_daily", 10, 10, "hard_block")], {}, NOW).active_enforcement
        == "hard_block"
    )
    mixed = [q("tokens_monthly", 100, 100, "auto_economy"), q("cost_monthly", 5, 9, "soft_warning")]
    result = evaluate_quotas(mixed, {}, NOW)
    assert result.allowed and result.active_enforcement == "auto_economy"
    below = evaluate_quotas([q("tokens_monthly", 100, 99.4, "hard_block")], {}, NOW)
    assert below.allowed and below.active_enforcement == "none" and below.quotas[0]["pct"] == 99


def test_local_usage_counts_and_zero_limit_never_decides():
    result = evaluate_quotas([q("requests_monthly", 10, 9, "hard_block")], {"requests": 1}, NOW)
    assert not result.allowed and result.quotas[0] == {
        "type": "requests_monthly",
        "usage": 10,
        "limit": 10,
        "pct": 100,
        "enforcement": "hard_block",
    }
    assert evaluate_quotas([q("requests_monthly", 0, 50, "hard_block")], {}, NOW).allowed


def test_usage_of_a_past_period_is_not_held_against_the_new_one():
    last_month = datetime(2026, 10, 1, tzinfo=UTC)
    assert evaluate_quotas([q("tokens_monthly", 10, 50, "hard_block", start=last_month)], {}, NOW).allowed
    this_month = datetime(2026, 11, 1, tzinfo=UTC)
    assert not evaluate_quotas([q("tokens_monthly", 10, 50, "hard_block", start=this_month)], {}, NOW).allowed


def test_book_adds_this_process_usage_until_written_and_keeps_last_state_on_failure():
    clock = [NOW]
    source = MemoryQuotas()
    source.by_tenant = {"t1": (q("requests_daily", 2, 1, "hard_block", period="daily"),)}
    book = QuotaBook(source, clock=lambda: clock[0])
    assert book.check("t1").allowed  # nothing loaded yet: fail open
    book.refresh()
    assert book.check("t1").allowed
    book.add_usage("r1", "t1", tokens=10, cost=0.1)
    assert not book.check("t1").allowed
    source.fail = ConnectionError("down")
    with pytest.raises(ConnectionError):
        book.refresh()
    assert not book.check("t1").allowed  # the last known state stays
    assert book.check("unknown").allowed
