"""S12 model selection (routing.md §10), plus the [DD] warm-cache session stickiness."""

from __future__ import annotations

from model_prism.routing.context import RoutingContext
from model_prism.routing.environment import ModelCandidate
from model_prism.routing.scoring import score
from model_prism.routing.stages_tiers import effective_cost_mode
from model_prism.routing.tiers import TIERS, idx


def required_capabilities(ctx: RoutingContext) -> frozenset[str]:
    """Give the capabilities the request needs: vision for images, tools for tool definitions."""
    s = ctx.signals
    return frozenset(name for need, name in ((s.has_images, "vision"), (s.has_tool_calls, "tools")) if need)


def capable(m: ModelCandidate, needs: frozenset[str]) -> bool:
    """Give True when the model's known capabilities cover the needs (unknown capabilities pass)."""
    return not m.capabilities or needs <= m.capabilities


def candidates(ctx: RoutingContext, tier: str) -> list[ModelCandidate]:
    """Give the visible models of that tier whose context window holds the request and that can serve it."""
    tokens, needs = ctx.signals.total_tokens, required_capabilities(ctx)
    return [
        m for m in ctx.env.models if m.visible and m.tier == tier and m.fits(tokens) and capable(m, needs)
    ]


def ranked_candidates(ctx: RoutingContext, tier: str, mode: str) -> list[tuple[float, ModelCandidate]]:
    """Give `candidates(ctx, tier)` scored and ranked (best first) for the category and cost mode.

    The ranking depends on the snapshot, tier, category, mode and needed capabilities only, so it is
    kept on the environment; the context-window fit is filtered per request (ranking order is kept).
    """
    needs = required_capabilities(ctx)
    key = ("ranked", tier, ctx.category, mode, needs)
    ranked = ctx.env.memo.get(key)
    if ranked is None:
        models = [m for m in ctx.env.models if m.visible and m.tier == tier and capable(m, needs)]
        scored = [(score(m, ctx.category, mode), m) for m in models]
        ranked = sorted(scored, key=lambda sm: (sm[0], sm[1].priority), reverse=True)
        if len(ctx.env.memo) < 4096:  # bounded: categories × tiers × modes × needs stay far below
            ctx.env.memo[key] = ranked
    tokens = ctx.signals.total_tokens
    return [sm for sm in ranked if sm[1].fits(tokens)]


def _walk(
    ctx: RoutingContext, target: str, mode: str
) -> tuple[str, list[tuple[float, ModelCandidate]], str | None]:
    """Give (tier, ranked candidates, label): the target tier, else the next tier up, else down [DD]."""
    found = ranked_candidates(ctx, target, mode)
    if found:
        return target, found, None
    for tier in TIERS[idx(target) + 1 :]:
        if found := ranked_candidates(ctx, tier, mode):
            return tier, found, f"context_tier_upgrade_{tier}"
    for tier in reversed(TIERS[: idx(target)]):
        if found := ranked_candidates(ctx, tier, mode):
            return tier, found, f"tier_unavailable_fallback_{tier}"
    return target, [], None


def _pick(ctx: RoutingContext, m: ModelCandidate, method: str, note: dict, labels=None) -> RoutingContext:
    return ctx.evolve(
        "selection", {"model": m.id, "providerId": m.provider_id, "method": method, "tier": m.tier, **note},
        True, model_id=m.id, provider_id=m.provider_id, selection_method=method, labels=labels or ctx.labels,
        cost_tier=m.tier or ctx.cost_tier,
    )  # fmt: skip


def _usable(ctx: RoutingContext, model_id: str | None) -> ModelCandidate | None:
    m = ctx.env.visible_model(model_id)
    return m if m is not None and m.fits(ctx.signals.total_tokens) else None


def selection_stage(ctx: RoutingContext) -> RoutingContext:
    """S12: recommendation → warm session model → category default → best score (with tier walk) → default."""
    if ctx.done:
        return ctx
    target = ctx.cost_tier or "medium"
    rec = _usable(ctx, ctx.recommended_model)
    if rec and idx(target) <= idx(rec.tier) <= idx(target) + 1:
        return _pick(ctx, rec, "classifier_recommendation", {})
    sticky = _usable(ctx, ctx.opts.session_sticky_model)
    s = ctx.signals
    if sticky and (s.has_tool_history or s.is_tool_output_continuation) and idx(sticky.tier) >= idx(target):
        return _pick(ctx, sticky, "session_cache_sticky", {"reason": "prompt cache warm"})
    cat = ctx.env.categories.get(ctx.category)
    default = _usable(ctx, cat.default_model if cat else None)
    if default and default.tier == target:
        return _pick(ctx, default, "category_default", {})
    mode, _ = effective_cost_mode(ctx)
    tier, ranked, label = _walk(ctx, target, mode)
    if ranked:
        top = [{"id": m.id, "score": round(sc, 4), "priority": m.priority} for sc, m in ranked[:5]]
        labels = (*ctx.labels, label) if label else ctx.labels
        return _pick(ctx, ranked[0][1], f"benchmark_{mode}", {"candidates": top}, labels)
    fallback = (cat.default_model if cat else None) or ctx.env.settings.default_model
    note = {
        "model": fallback,
        "providerId": None,
        "method": "tenant_default",
        "tier": target,
        "candidates": [],
    }
    return ctx.evolve(
        "selection", note, True, model_id=fallback, provider_id=None, selection_method="tenant_default"
    )
