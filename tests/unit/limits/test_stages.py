"""The limit stages over frozen contexts: trace notes, routing hints and the exact 429 bodies of §16."""

from datetime import UTC, datetime

import pytest

from model_prism.errors import GatewayError
from model_prism.limits.counters import MemoryCounter
from model_prism.limits.notices import RecordingNotifier
from model_prism.limits.quotas import QuotaState
from model_prism.limits.service import build_limits
from model_prism.limits.sources import MemoryQuotas, MemorySpend
from model_prism.limits.stages import note_of
from tests.unit.limits.builders import context, tenant

NOW = datetime(2026, 11, 29, 18, tzinfo=UTC).timestamp()  # 6 h before midnight


def layer(spend=None, quotas=None, notifier=None):
    limits = build_limits(
        MemoryCounter(),
        spend or MemorySpend(),
        quotas or MemoryQuotas(),
        notifier=notifier,
        clock=lambda: NOW,
    )
    limits.ledger.refresh()
    limits.quotas.refresh()
    return limits


def admit(limits, ctx):
    for stage in limits.admission_stages:
        ctx = stage(ctx)
    return ctx


def dispatch(limits, ctx):
    for stage in limits.dispatch_stages:
        ctx = stage(ctx)
    return ctx


def refused(fn, *args) -> GatewayError:
    with pytest.raises(GatewayError) as info:
        fn(*args)
    return info.value


def test_tenant_rpm_refusal_has_spec_body_and_retry_after():
    limits = layer()
    t = tenant(rate={"requestsPerMinute": 2})
    ctx = admit(limits, context(t))
    assert note_of(ctx, "rate_limit")["requests"] == {"limit": 2, "used": 0}
    admit(limits, context(t))
    exc = refused(admit, limits, context(t))
    assert exc.status == 429 and exc.body() == {
        "error": {
            "message": "Rate limit exceeded for tenant 'team-a'. Limit: 2 req/min.",
            "type": "rate_limit_error",
            "code": "tenant_rate_limit_exceeded",
            "param": None,
        }
    }
    assert int(exc.headers["Retry-After"]) >= 1


def test_tokens_per_minute_uses_the_body_estimate():
    limits = layer()
    t = tenant(rate={"tokensPerMinute": 100})
    ctx = context(t)
    estimate = note_of(admit(limits, ctx), "rate_limit")["tokens"]["estimate"]
    assert estimate > 50
    limits.record_tokens("t1", 90)
    exc = refused(admit, limits, context(t))
    assert (exc.status, exc.code, exc.type) == (429, "tenant_token_rate_limit_exceeded", "rate_limit_error")
    assert exc.message == "Token rate limit exceeded for tenant 'team-a'. Limit: 100 tokens/min."


def test_ip_limiter_raises_with_draft7_headers_and_no_log():
    limits = layer()
    limits.ip.limit = 1
    limits.ip_stage(context(None))
    exc = refused(limits.ip_stage, context(None))
    assert exc.body()["error"] == {
        "message": "Rate limit exceeded",
        "type": "rate_limit_error",
        "code": None,
        "param": None,
    }
    assert exc.headers["RateLimit-Policy"] == "1;w=60" and exc.headers["Retry-After"] and exc.log is False
    limits.ip_stage(context(None, ip="10.9.9.9"))


def test_budget_reached_refuses_until_midnight_and_notifies_once():
    spend, notifier = MemorySpend(), RecordingNotifier()
    spend.add("t1", "2026-11-29", 5.0)
    limits = layer(spend, notifier=notifier)
    t = tenant(limits={"dailyUsd": 5})
    for _ in range(2):
        exc = refused(admit, limits, context(t))
    assert exc.status == 429 and exc.headers["Retry-After"] == str(6 * 3600)
    assert exc.body()["error"] == {
        "message": "Budget limit reached for tenant 'team-a'.",
        "type": "budget_limit_error",
        "code": "tenant_budget_exceeded",
        "param": None,
    }
    assert [e for e, _, _ in notifier.sent] == ["budget_exceeded"]


def test_budget_fails_closed_with_503_while_spend_is_unknown():
    limits = build_limits(MemoryCounter(), MemorySpend(), MemoryQuotas(), clock=lambda: NOW)
    exc = refused(admit, limits, context(tenant(limits={"monthlyUsd": 50})))
    assert (exc.status, exc.code) == (503, "budget_unavailable") and exc.headers["Retry-After"] == "15"
    admit(limits, context(tenant()))  # tenants without budgets are not affected


def test_guard_sets_economy_for_routing_and_blocks_explicit_high_tier():
    spend = MemorySpend()
    spend.add("t1", "2026-11-29", 8.5)
    limits = layer(spend)
    t = tenant(limits={"dailyUsd": 10}, guard={"enabled": True, "thresholdPct": 80})
    auto = admit(limits, context(t, auto=True))
    note = note_of(auto, "spending")
    assert note["guard_active"] and note["budget_cost_mode"] == "economy"
    assert note["blocked_tiers"] == ["high", "ultra", "critical"]
    assert auto.budget_cost_mode == "economy" and not auto.quota_economy  # what routing reads
    routed = context(t, auto=True, target="big")
    routed = routed.evolve("spending", note)
    dispatch(limits, routed)  # auto-routed requests are never rejected by the guard
    explicit = admit(limits, context(t, target="big"))
    exc = refused(dispatch, limits, explicit)
    assert exc.status == 429 and exc.body()["error"] == {
        "message": "Model 'big' (tier: high) is temporarily blocked — budget threshold reached for tenant 'team-a'.",
        "type": "budget_guard_error",
        "code": "tenant_budget_guard",
        "param": None,
    }
    dispatch(limits, admit(limits, context(t, target="small")))  # low tier passes


def test_reservation_holds_estimated_cost_and_settle_releases_it():
    limits = layer()
    t = tenant(limits={"dailyUsd": 0.05})
    body = {"model": "big", "messages": [{"role": "user", "content": "x" * 3500}], "max_tokens": 1000}
    ctx = dispatch(limits, admit(limits, context(t, body=body, target="big", request_id="a")))
    estimate = note_of(ctx, "budget_reserve")["estimate_usd"]
    assert estimate == pytest.approx((1007 * 10 + 1000 * 30) / 1e6, rel=0.01)
    assert limits.ledger.in_flight("t1") == pytest.approx(estimate)
    # b and c pass the pre-routing check together (0.04 < 0.05); at the hold, b gets the last room, c not
    b = admit(limits, context(t, body=body, target="big", request_id="b"))
    c = admit(limits, context(t, body=body, target="big", request_id="c"))
    dispatch(limits, b)
    exc = refused(dispatch, limits, c)
    assert exc.code == "tenant_budget_exceeded"
    assert refused(admit, limits, context(t, body=body, target="big", request_id="d")).status == 429
    limits.settle(ctx, 0.001, 1200)
    assert limits.ledger.in_flight("t1") == pytest.approx(estimate)  # only b's hold remains


def test_quota_hard_block_auto_economy_and_soft_warning():
    quotas, notifier = MemoryQuotas(), RecordingNotifier()
    quotas.by_tenant = {
        "t1": (QuotaState("requests_daily", 10, 10, "hard_block", "daily"),),
        "t2": (QuotaState("tokens_monthly", 100, 100, "auto_economy"),),
        "t3": (QuotaState("cost_monthly", 1, 2, "soft_warning"),),
    }
    limits = layer(quotas=quotas, notifier=notifier)
    exc = refused(admit, limits, context(tenant(tid="t1")))
    assert exc.body()["error"] == {
        "message": "Quota exceeded for tenant 'team-a'.",
        "type": "quota_exceeded",
        "code": "tenant_quota_exceeded",
        "param": None,
    }
    assert exc.headers["Retry-After"] == str(6 * 3600)
    economy_ctx = admit(limits, context(tenant(tid="t2")))
    economy = note_of(economy_ctx, "spending")
    assert economy["quota_economy"] and economy["budget_cost_mode"] == "economy"
    assert economy_ctx.quota_economy and economy_ctx.budget_cost_mode == "economy"
    warned = note_of(admit(limits, context(tenant(tid="t3"))), "spending")
    assert warned["quota_enforcement"] == "soft_warning" and not warned["quota_economy"]
    admit(limits, context(tenant(tid="t3")))
    assert [e for e, _, _ in notifier.sent] == ["quota_exhausted", "quota_warning", "quota_warning"]


def test_rate_limiter_failure_lets_the_request_through(caplog):
    class Broken:
        def add(self, key, bucket, amount):
            raise RuntimeError("store exploded")

        get = add

    limits = build_limits(Broken(), MemorySpend(), MemoryQuotas(), clock=lambda: NOW)
    limits.ledger.refresh()
    ctx = admit(limits, context(tenant(rate={"requestsPerMinute": 1})))
    assert note_of(ctx, "rate_limit") == {"failed_open": True}
    assert "tenant rate limiter failed" in caplog.text


def test_guard_in_balanced_mode_blocks_tiers_but_leaves_routing_alone():
    spend = MemorySpend()
    spend.add("t1", "2026-11-29", 9.0)
    limits = layer(spend)
    t = tenant(
        limits={"dailyUsd": 10},
        guard={"enabled": True, "guardCostMode": "balanced", "blockTiers": ["high", "premium"]},
    )
    ctx = admit(limits, context(t, target="big"))
    assert ctx.budget_cost_mode is None and note_of(ctx, "spending")["blocked_tiers"] == ["high"]
    assert refused(dispatch, limits, ctx).code == "tenant_budget_guard"
