"""Tenant override rules (routing.md §7), each on a built context."""

from __future__ import annotations

from model_prism.routing.context import RoutingContext
from model_prism.routing.environment import RouteOptions
from model_prism.routing.overrides import apply_overrides
from model_prism.routing.signals import Signals
from tests.unit.routing.builders import make_env


def ctx(signals: Signals, overrides: dict | None = None, **fields) -> RoutingContext:
    env = make_env(routing={"overrides": overrides or {}})
    base = {"cost_tier": "minimal", "confidence": 0.9, "category": "smalltalk_simple", "domain": "general"}
    return RoutingContext(request={}, endpoint="/chat/completions", env=env, opts=RouteOptions(), signals=signals,
                          **{**base, **fields})  # fmt: skip


def test_vision_upgrade_unless_category_handles_vision():
    assert apply_overrides(ctx(Signals(has_images=True))) == ("low", ["vision_upgrade"])
    assert apply_overrides(ctx(Signals(has_images=True), cost_tier="low")) == ("medium", ["vision_upgrade"])
    assert apply_overrides(ctx(Signals(has_images=True), category="vision_simple"))[1] == []


def test_tool_call_minimum_tier_configurable():
    assert apply_overrides(ctx(Signals(has_tool_calls=True))) == ("medium", ["tool_call_upgrade"])
    got = apply_overrides(ctx(Signals(has_tool_calls=True), {"toolCallMinTier": "high"}))
    assert got == ("high", ["tool_call_upgrade"])
    assert apply_overrides(ctx(Signals(has_tool_calls=True), {"toolCallUpgrade": False}))[1] == []


def test_confidence_fallback_only_raises():
    assert apply_overrides(ctx(Signals(), confidence=0.2)) == ("medium", ["confidence_fallback"])
    assert apply_overrides(ctx(Signals(), confidence=0.2, cost_tier="high")) == ("high", [])


def test_domain_gate_and_turn_upgrade():
    assert apply_overrides(ctx(Signals(), domain="legal")) == ("medium", ["domain_gate"])
    turns = Signals(conversation_turns=5)
    assert apply_overrides(ctx(turns, {"conversationTurnUpgrade": True})) == (
        "low",
        ["conversation_turn_upgrade"],
    )
    assert apply_overrides(ctx(turns, {"conversationTurnUpgrade": True}, category="translation"))[1] == []
    assert apply_overrides(ctx(turns))[1] == []  # off by default


def test_frustration_needs_real_text_and_no_tool_output():
    frustrated = Signals(total_tokens=40, last_user_message="this still doesn't work")
    assert apply_overrides(ctx(frustrated, user_frustration_signal=True)) == ("low", ["frustration_upgrade"])
    short = Signals(total_tokens=10, last_user_message="Hello?")
    assert apply_overrides(ctx(short, user_frustration_signal=True))[1] == []
    tool = Signals(total_tokens=80, last_user_message="Tool output for bash: failed")
    assert apply_overrides(ctx(tool, user_frustration_signal=True))[1] == []


def test_output_length_and_label_order():
    assert apply_overrides(ctx(Signals(), estimated_output_length="long", cost_tier="micro")) == (
        "low",
        ["output_length_upgrade"],
    )
    both = ctx(Signals(has_images=True, has_tool_calls=True), cost_tier="micro", confidence=0.1)
    assert apply_overrides(both) == ("medium", ["vision_upgrade", "tool_call_upgrade"])
