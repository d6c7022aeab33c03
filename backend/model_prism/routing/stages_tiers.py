"""Stages S6–S10: rule floor/ceiling, tenant overrides, session fill, cost mode, tier boost, agent floor."""

from __future__ import annotations

from model_prism.routing.context import RoutingContext
from model_prism.routing.overrides import apply_overrides
from model_prism.routing.rulesets import PreRouting
from model_prism.routing.tiers import downgrade, idx, shift, tier_min, upgrade


def _skip(ctx: RoutingContext) -> bool:
    """FIM results and early returns skip the tier-shaping stages (S7–S11)."""
    return ctx.done or ctx.decided_by == "fim"


def rule_floor_stage(ctx: RoutingContext) -> RoutingContext:
    """S6: a classifier's tier respects the rule set's floor and [FIX] ceiling; gaps are filled from rules."""
    if ctx.done or ctx.decided_by not in ("llm", "token_fallback", "local"):
        return ctx
    pre = ctx.pre or PreRouting()
    before, tier, labels = ctx.cost_tier, ctx.cost_tier, ctx.labels
    overruled = ctx.decided_by == "local" and bool(pre.category) and pre.category != ctx.category
    if pre.tier and not overruled and idx(pre.tier) > idx(tier):
        tier, labels = pre.tier, (*labels, f"rule_tiermin:{pre.source}")
    if pre.tier_max and idx(tier) > idx(pre.tier_max):
        tier, labels = pre.tier_max, (*labels, f"rule_tiermax:{pre.source}")
    category = (
        ctx.category or pre.category or ctx.env.categories.infer_from_tier(tier, ctx.domain or pre.domain)
    )
    note = {"tierBefore": before, "tierAfter": tier, "source": pre.source}
    if overruled:
        note["overruledRule"] = pre.source
    return ctx.evolve(
        "rule_floor", note, tier != before,
        cost_tier=tier, labels=labels, category=category, domain=ctx.domain or pre.domain,
        tier_progression=ctx.progressed("afterRuleFloor", tier),
    )  # fmt: skip


def overrides_stage(ctx: RoutingContext) -> RoutingContext:
    """S7: the tenant's override rules (routing.md §7)."""
    if _skip(ctx):
        return ctx
    tier, applied = apply_overrides(ctx)
    active = [name for name, on in vars(ctx.env.settings.overrides).items() if on is True]
    note = {
        "tierBefore": ctx.cost_tier,
        "tierAfter": tier,
        "overridesApplied": applied,
        "activeOverrides": active,
    }
    return ctx.evolve(
        "overrides", note, bool(applied),
        cost_tier=tier, labels=(*ctx.labels, *applied), tier_progression=ctx.progressed("afterOverrides", tier),
    )  # fmt: skip


def session_fill_stage(ctx: RoutingContext) -> RoutingContext:
    """S8: upgrade one tier when the previous request of the session filled its context window."""
    pct = ctx.opts.prev_session_fill_pct
    if _skip(ctx) or pct is None:
        return ctx
    threshold = ctx.env.settings.session_fill_upgrade_threshold
    tier, labels = ctx.cost_tier, ctx.labels
    if pct >= threshold:
        tier, labels = upgrade(tier), (*labels, f"session_context_upgrade({round(pct * 100)}%)")
    note = {
        "prevSessionFillPct": round(pct, 2),
        "threshold": threshold,
        "tierBefore": ctx.cost_tier,
        "tierAfter": tier,
    }
    return ctx.evolve(
        "session_fill", note, tier != ctx.cost_tier,
        cost_tier=tier, labels=labels, tier_progression=ctx.progressed("afterSessionFill", tier),
    )  # fmt: skip


def effective_cost_mode(ctx: RoutingContext) -> tuple[str, str | None]:
    """Give (mode, label when economy is forced): quota economy, then budget guard, then the rule set."""
    if ctx.opts.quota_economy:
        return "economy", "quota_economy"
    if ctx.opts.budget_cost_mode == "economy":  # a guard mode of 'balanced' means "no override" (§8.2)
        return "economy", "budget_guard_economy"
    mode = ctx.env.rule_set.cost_mode if ctx.env.rule_set else "balanced"
    return (mode if mode in ("economy", "balanced", "quality") else "balanced"), None


def cost_mode_stage(ctx: RoutingContext) -> RoutingContext:
    """S9: economy lowers one tier, quality raises one (§8.1)."""
    if _skip(ctx):
        return ctx
    mode, forced = effective_cost_mode(ctx)
    tier, label = ctx.cost_tier, None
    if mode == "economy":
        tier, label = downgrade(tier), forced or "cost_economy"
    elif mode == "quality":
        tier, label = upgrade(tier), "cost_quality"
    changed = tier != ctx.cost_tier
    labels = (*ctx.labels, label) if changed and label else ctx.labels
    return ctx.evolve(
        "cost_mode", {"mode": mode, "tierBefore": ctx.cost_tier, "tierAfter": tier}, changed,
        cost_tier=tier, labels=labels, tier_progression=ctx.progressed("afterCostMode", tier),
    )  # fmt: skip


def tier_boost_stage(ctx: RoutingContext) -> RoutingContext:
    """S10: shift by the rule set's tierBoost (−2…+2)."""
    if _skip(ctx):
        return ctx
    boost = ctx.env.rule_set.tier_boost if ctx.env.rule_set else 0
    tier = shift(ctx.cost_tier, boost)
    changed = tier != ctx.cost_tier
    labels = (*ctx.labels, f"tier_boost:{boost:+d}") if changed else ctx.labels
    return ctx.evolve(
        "tier_boost", {"boost": boost, "tierBefore": ctx.cost_tier, "tierAfter": tier}, changed,
        cost_tier=tier, labels=labels,
    )  # fmt: skip


def agent_session_stage(ctx: RoutingContext) -> RoutingContext:
    """[DD] A request continuing a tool-using session never drops below the tier the session used."""
    floor = ctx.opts.session_tier_floor
    s = ctx.signals
    if _skip(ctx) or not floor or not ctx.env.settings.agent_session_tier_floor:
        return ctx
    if not (s.has_tool_history or s.is_tool_output_continuation):
        return ctx
    tier = tier_min(ctx.cost_tier, floor)
    changed = tier != ctx.cost_tier
    labels = (*ctx.labels, "agent_session_floor") if changed else ctx.labels
    note = {"sessionTier": floor, "tierBefore": ctx.cost_tier, "tierAfter": tier}
    return ctx.evolve("agent_session", note, changed, cost_tier=tier, labels=labels)
