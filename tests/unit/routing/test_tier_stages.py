"""Stages S6, S8–S10 and the agent-session floor, each on a built context."""

from __future__ import annotations

from model_prism.routing.context import RoutingContext
from model_prism.routing.environment import RouteOptions
from model_prism.routing.rulesets import PreRouting
from model_prism.routing.signals import Signals
from model_prism.routing.stages_tiers import (
    agent_session_stage,
    cost_mode_stage,
    rule_floor_stage,
    session_fill_stage,
    tier_boost_stage,
)
from tests.unit.routing.builders import make_env


def ctx(opts: RouteOptions | None = None, rule_set: dict | None = None, routing: dict | None = None, **f):
    env = make_env(rule_set=rule_set or {"name": "t"}, routing=routing)
    base = {"cost_tier": "medium", "decided_by": "llm", "category": "coding_medium", "confidence": 0.9}
    return RoutingContext(
        request={}, endpoint="/chat/completions", env=env, opts=opts or RouteOptions(), **{**base, **f}
    )


def test_rule_floor_and_fixed_ceiling():
    floored = rule_floor_stage(ctx(pre=PreRouting(tier="high", source="keyword_rule:Security Escalation")))
    assert floored.cost_tier == "high" and floored.labels == (
        "rule_tiermin:keyword_rule:Security Escalation",
    )
    capped = rule_floor_stage(
        ctx(pre=PreRouting(tier="micro", tier_max="micro", source="keyword_rule:Title"))
    )
    assert capped.cost_tier == "micro" and capped.labels == ("rule_tiermax:keyword_rule:Title",)
    assert capped.trace[-1].data == {
        "tierBefore": "medium",
        "tierAfter": "micro",
        "source": "keyword_rule:Title",
    }


def test_rule_floor_skipped_for_plain_pre_routing_and_overruled_rules():
    assert rule_floor_stage(ctx(decided_by="rules", pre=PreRouting(tier="high"))).cost_tier == "medium"
    pre = PreRouting(tier="high", category="code_security_review", source="keyword_rule:S")
    out = rule_floor_stage(ctx(decided_by="local", category="translation", cost_tier="minimal", pre=pre))
    assert out.cost_tier == "minimal" and out.trace[-1].data["overruledRule"] == "keyword_rule:S"


def test_session_fill_upgrade_threshold():
    out = session_fill_stage(ctx(RouteOptions(prev_session_fill_pct=0.8)))
    assert out.cost_tier == "advanced" and out.labels == ("session_context_upgrade(80%)",)
    low = session_fill_stage(
        ctx(RouteOptions(prev_session_fill_pct=0.8), routing={"sessionFillUpgradeThreshold": 0.9})
    )
    assert low.cost_tier == "medium" and low.trace[-1].data["threshold"] == 0.9
    assert session_fill_stage(ctx()).trace == ()


def test_cost_modes_budget_guard_and_quota():
    assert cost_mode_stage(ctx(rule_set={"costMode": "economy"})).labels == ("cost_economy",)
    assert cost_mode_stage(ctx(rule_set={"costMode": "quality"})).cost_tier == "advanced"
    guard = cost_mode_stage(ctx(RouteOptions(budget_cost_mode="economy"), rule_set={"costMode": "quality"}))
    assert guard.cost_tier == "low" and guard.labels == ("budget_guard_economy",)
    no_override = cost_mode_stage(
        ctx(RouteOptions(budget_cost_mode="balanced"), rule_set={"costMode": "quality"})
    )
    assert no_override.cost_tier == "advanced" and no_override.labels == ("cost_quality",)
    quota = cost_mode_stage(ctx(RouteOptions(quota_economy=True)))
    assert quota.cost_tier == "low" and quota.labels == ("quota_economy",)
    assert cost_mode_stage(ctx(cost_tier="micro", rule_set={"costMode": "economy"})).labels == ()


def test_tier_boost_clamped_both_ways():
    up = tier_boost_stage(ctx(rule_set={"tierBoost": 5}))
    assert up.cost_tier == "high" and up.labels == ("tier_boost:+2",)
    down = tier_boost_stage(ctx(rule_set={"tierBoost": -1}))
    assert down.cost_tier == "low" and down.labels == ("tier_boost:-1",)


def test_agent_session_floor_only_for_tool_sessions_and_switchable():
    tool_sig = Signals(has_tool_history=True)
    opts = RouteOptions(session_tier_floor="high")
    assert agent_session_stage(ctx(opts, signals=tool_sig, cost_tier="low")).cost_tier == "high"
    assert agent_session_stage(ctx(opts, signals=Signals(), cost_tier="low")).cost_tier == "low"
    off = ctx(opts, signals=tool_sig, cost_tier="low", routing={"agentSessionTierFloor": False})
    assert agent_session_stage(off).cost_tier == "low"


def test_fim_results_skip_tier_shaping():
    fim = ctx(decided_by="fim", cost_tier="micro", rule_set={"costMode": "quality", "tierBoost": 2})
    assert tier_boost_stage(cost_mode_stage(fim)).cost_tier == "micro"
