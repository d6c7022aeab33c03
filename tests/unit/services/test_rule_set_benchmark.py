"""The tenant overrides the §17 benchmark simulates follow routing.md §7 exactly (vision, domain gate, turn upgrade)."""

from __future__ import annotations

from datetime import timedelta

from model_prism.models import RequestLog, RoutingRuleSet
from model_prism.models.base import utcnow
from model_prism.routing.rulesets import PreRouting
from model_prism.routing.settings import OverrideSettings
from model_prism.routing.signals import Signals
from model_prism.services.rule_set_benchmark import simulate, tenant_overrides
from tests.factories import make_tenant

SURE = PreRouting(confidence=0.9)  # above the confidence fallback, so only the rule under test fires
DEFAULTS = OverrideSettings.from_dict({})


def sim(tier, sig=Signals(), pre=SURE, category="coding_simple", overrides=None, vision=frozenset()):
    return tenant_overrides(tier, pre, sig, category, OverrideSettings.from_dict(overrides), vision)


def test_vision_lifts_to_low_then_medium_never_higher_and_not_for_vision_categories():
    img = Signals(has_images=True)
    assert sim("micro", img) == "low" and sim("minimal", img) == "low"
    assert sim("low", img) == "medium"
    assert sim("advanced", img) == "advanced"
    assert sim("micro", img, category="vision_simple", vision=frozenset({"vision_simple"})) == "micro"
    assert sim("micro", img, overrides={"visionUpgrade": False}) == "micro"


def test_domain_gate_is_legal_medical_finance_to_medium_only():
    for domain in ("legal", "medical", "finance"):
        assert sim("micro", pre=PreRouting(confidence=0.9, domain=domain)) == "medium"
    assert sim("micro", pre=PreRouting(confidence=0.9, domain="security")) == "micro"
    assert sim("medium", pre=PreRouting(confidence=0.9, domain="legal")) == "medium"
    assert sim("high", pre=PreRouting(confidence=0.9, domain="legal")) == "high"
    assert (
        sim("low", pre=PreRouting(confidence=0.9, domain="legal"), overrides={"domainGate": False}) == "low"
    )


def test_turn_upgrade_only_when_switched_on_and_not_for_exempt_categories():
    long_chat = Signals(conversation_turns=6)
    assert sim("low", long_chat) == "low"  # schema default: conversationTurnUpgrade false
    assert sim("low", long_chat, overrides={"conversationTurnUpgrade": True}) == "medium"
    on = {"conversationTurnUpgrade": True, "conversationTurnThreshold": 8}
    assert sim("low", long_chat, overrides=on) == "low"  # below the configured threshold
    exempt = {"conversationTurnUpgrade": True}
    assert sim("low", long_chat, category="translation", overrides=exempt) == "low"


def test_simulation_with_a_tenant_whose_turn_upgrade_is_off_keeps_long_chats(app):
    tenant, _ = make_tenant(
        slug="bench", routing={"overrides": {"conversationTurnUpgrade": False, "confidenceFallback": False}}
    )
    signals = {"totalTokens": 40, "conversationTurns": 9, "detectedDomains": ["security"], "preRouted": False}
    RequestLog(requestId="r1", tenantId=tenant.id, status="success", isAutoRouted=True, costTier="low",
               actualCostUsd=0.01, inputTokens=40, timestamp=utcnow() - timedelta(hours=1),
               routingSignals=signals).save()  # fmt: skip
    rule_set = RoutingRuleSet(name="Hints", signalWeights={"tokenCount": 0.0}).save()
    body = simulate({"ruleSetId": str(rule_set.id), "simulateTenantId": str(tenant.id)}, None)
    assert body["simulated"] == 1 and body["proposed"]["tierDistribution"]["low"] == 1
    assert body["diff"]["tierShifts"] == 0 and body["diff"]["costDelta"] == 0
