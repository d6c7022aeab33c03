"""Tenant routing settings and rule sets read from their stored camelCase documents."""

from __future__ import annotations

from model_prism.routing import RuleSet, TenantRoutingSettings


def test_defaults_for_an_empty_routing_dict():
    s = TenantRoutingSettings.from_dict({})
    assert not s.enabled and not s.classifier_configured
    assert s.force_auto_route_mode == "off" and s.force_route_opt_out_token == "--model-prism-accept-model"
    assert s.session_fill_upgrade_threshold == 0.75 and s.agent_session_tier_floor and s.local_classifier
    o = s.overrides
    assert (o.vision_upgrade, o.tool_call_min_tier, o.confidence_threshold, o.conversation_turn_upgrade) == (
        True, "medium", 0.4, False,
    )  # fmt: skip


def test_full_document_with_chain_legacy_flag_and_overrides():
    doc = {
        "enabled": True, "classifierModel": "m1", "classifierProvider": "p1",
        "classifierFallbacks": [{"model": "m2", "provider": "p2"}, {"model": "", "provider": "p3"},
                                {"model": "m4", "provider": "p4"}, {"model": "m5", "provider": "p5"},
                                {"model": "m6", "provider": "p6"}],
        "forceAutoRoute": True, "forceRouteOptOutToken": "", "sessionFillUpgradeThreshold": 0.5,
        "overrides": {"toolCallMinTier": "bogus", "conversationTurnUpgrade": True, "conversationTurnThreshold": 6},
        "agentSessionTierFloor": False,
    }  # fmt: skip
    s = TenantRoutingSettings.from_dict(doc)
    assert [r.model for r in s.classifier_chain] == ["m1", "m2", "m4", "m5"]  # primary + 3 fallbacks
    assert s.force_auto_route_mode == "all" and s.force_route_opt_out_token == ""
    assert s.overrides.tool_call_min_tier == "medium" and s.overrides.conversation_turn_threshold == 6
    assert not s.agent_session_tier_floor
    assert (
        TenantRoutingSettings.from_dict(
            {"forceAutoRouteMode": "smart", "forceAutoRoute": True}
        ).force_auto_route_mode
        == "smart"
    )


def test_rule_set_document_defaults_and_clamps():
    rs = RuleSet.from_dict({"name": "x", "tierBoost": 9, "tokenThresholds": {"micro": 10}, "classifier": {}})
    assert rs.tier_boost == 2 and rs.token_thresholds["micro"] == 10 and rs.token_thresholds["low"] == 2000
    assert rs.confidence_threshold == 0.65 and rs.context_strategy == "truncate" and rs.turn_upgrade_enabled
    assert RuleSet.from_dict({"name": "y", "tierBoost": -7}).tier_boost == -2
