"""Rule-set benchmark of a candidate over a test suite (real pipeline) and over logged requests (§17)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from model_prism.auth.secrets import current_box
from model_prism.models import RequestLog, RoutingRuleSet, SyntheticTest, User
from model_prism.models.base import utcnow
from tests.functional.admin.helpers import call, token_for

URL = "/api/prism/admin/synthetic/benchmark"
CANDIDATE = {"name": "Translate cheaply", "keywordRules": [
    {"name": "translate", "keywords": ["translate"], "effect": {"tierMin": "low", "category": "translation"}}]}  # fmt: skip


def _log(tenant, rid: str, *, days_ago: int = 1, auto: bool = True, text: str | None = None, **fields):
    snap = {"lastUserMessage": current_box().seal(text), "messageCount": 1} if text else None
    return RequestLog(requestId=rid, tenantId=tenant.id, status="success", isAutoRouted=auto, costTier="high",
                      actualCostUsd=0.06, inputTokens=50, timestamp=utcnow() - timedelta(days=days_ago),
                      promptSnapshot=snap, **fields).save()  # fmt: skip


@pytest.fixture
def logs(world):
    t, full = world["tenant"], {"totalTokens": 50, "preRouted": False, "conversationTurns": 1}
    _log(t, "A", text="Please translate this sentence", routingSignals=full, domain="medical")
    _log(t, "B", routingSignals=full)
    _log(t, "C", domain="legal")  # no stored signals: reconstructed from inputTokens and domain
    _log(t, "D", days_ago=40, text="translate me", routingSignals=full)  # outside the window
    _log(t, "E", auto=False, text="translate me", routingSignals=full)  # not auto-routed
    return t


def test_logged_requests_go_through_the_rule_set_benchmark(client, world, logs):
    stored = RoutingRuleSet(name="Stored", **{k: v for k, v in CANDIDATE.items() if k != "name"}).save()
    res = call(client, "POST", URL, world["token"], json={"ruleSetId": str(stored.id), "days": 30})
    body = res.get_json()
    assert res.status_code == 200 and body["source"] == "logs" and body["simulated"] == 3
    assert body["fullSignalRequests"] == 2 and body["current"]["tierDistribution"]["high"] == 3
    translated = next(c for c in body["changes"] if c["proposedTier"] == "low")
    assert translated["currentTier"] == "high" and body["diff"]["costDelta"] < 0
    unsaved = call(client, "POST", URL, world["token"], json={"ruleSet": CANDIDATE})
    assert unsaved.status_code == 400 and "save the rule set" in unsaved.get_json()["error"]


def test_benchmark_roles(app, client, world):
    finops = token_for(app, User(username="fin", role="finops").save())
    viewer = token_for(app, User(username="tv", role="tenant-viewer", tenants=[]).save())
    sid = str(SyntheticTest(name="S", testCases=[{"_id": "a", "prompt": "hi", "tags": []}]).save().id)
    body = {"source": "suite", "suiteId": sid, "tenantId": str(world["tenant"].id), "ruleSet": CANDIDATE}
    assert call(client, "POST", URL, finops, json=body).status_code == 200
    assert call(client, "POST", URL, viewer, json=body).status_code == 403
    assert call(client, "POST", URL, finops, json={**body, "ruleSet": None}).get_json() == {
        "error": "ruleSetId or ruleSet required"}  # fmt: skip


def test_candidate_over_a_suite_replays_the_real_pipeline(client, world):
    cases = [
        {"_id": "a", "prompt": "hi", "tags": []},
        {"_id": "b", "prompt": "Summarise: the cat sat.", "tags": []},
    ]
    sid = str(SyntheticTest(name="S", testCases=cases).save().id)
    body = {"source": "suite", "suiteId": sid, "tenantId": str(world["tenant"].id)}
    same = call(client, "POST", URL, world["token"], json={**body, "ruleSet": {"name": "Same"}}).get_json()
    assert same["replayed"] == 2 and same["source"] == "suite"
    boosted = call(client, "POST", URL, world["token"],
                   json={**body, "ruleSet": {"name": "Boost", "tierBoost": 2}}).get_json()  # fmt: skip
    assert boosted["tierChanges"] >= 1 and boosted["costCandidateUsd"] > same["costCandidateUsd"]
