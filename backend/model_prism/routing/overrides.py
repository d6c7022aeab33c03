"""Tenant override rules (routing.md §7): each returns the new tier and its label when it fires."""

from __future__ import annotations

from typing import TYPE_CHECKING

from model_prism.routing.tiers import idx, tier_min, upgrade

if TYPE_CHECKING:
    from model_prism.routing.context import RoutingContext

_TURN_EXEMPT = frozenset(
    {"classification_extraction", "summarization_short", "summarization_long", "translation"}
)
_GATED_DOMAINS = frozenset({"legal", "medical", "finance"})


def apply_overrides(ctx: RoutingContext) -> tuple[str | None, list[str]]:
    """Give (tier, labels) after applying the enabled override rules in their fixed order."""
    o, s = ctx.env.settings.overrides, ctx.signals
    tier, applied = ctx.cost_tier, []
    cat = ctx.env.categories.get(ctx.category)

    def fire(new: str | None, label: str) -> None:
        nonlocal tier
        if new != tier:
            tier = new
            applied.append(label)

    if o.vision_upgrade and s.has_images and not (cat and cat.requires_vision):
        fire(
            "low" if idx(tier) < idx("low") else ("medium" if idx(tier) < idx("medium") else tier),
            "vision_upgrade",
        )
    if o.tool_call_upgrade and s.has_tool_calls and idx(tier) < idx(o.tool_call_min_tier):
        fire(o.tool_call_min_tier, "tool_call_upgrade")
    if o.confidence_fallback and ctx.confidence < o.confidence_threshold:
        fire(tier_min(tier, "medium"), "confidence_fallback")
    if o.domain_gate and ctx.domain in _GATED_DOMAINS and idx(tier) < idx("medium"):
        fire("medium", "domain_gate")
    if (
        o.conversation_turn_upgrade
        and s.conversation_turns >= o.conversation_turn_threshold
        and ctx.category not in _TURN_EXEMPT
    ):
        fire(upgrade(tier), "conversation_turn_upgrade")
    if o.frustration_upgrade and ctx.user_frustration_signal and _genuine_frustration(ctx):
        fire(upgrade(tier), "frustration_upgrade")
    if o.output_length_upgrade and ctx.estimated_output_length == "long" and idx(tier) < idx("low"):
        fire("low", "output_length_upgrade")
    return tier, applied


def _genuine_frustration(ctx: RoutingContext) -> bool:
    from model_prism.routing.patterns import DEFAULT_PATTERNS

    last = ctx.signals.last_user_message.lstrip()
    if any(p.search(last) for p in DEFAULT_PATTERNS.frustration_guard):
        return False
    return ctx.signals.total_tokens >= 30
