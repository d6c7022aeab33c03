"""Rule-set benchmark against a test suite: the suite's cases through the real dry-run pipeline under the tenant's
current environment and under the candidate rule set (routing.replay). Logged requests: `rule_set_benchmark`."""

from __future__ import annotations

from dataclasses import replace

from bson import ObjectId

from ..errors import NotFound, ValidationFailed
from ..models import RoutingRuleSet
from ..routing.replay import ReplayItem, replay
from ..routing.rulesets import RuleSet
from . import rule_set_benchmark, synthetic_tests, test_route
from .jsonview import plain


def candidate(values: dict) -> RuleSet:
    """Give the candidate: the stored rule set `ruleSetId`, else the unsaved `ruleSet` document from the editor."""
    if isinstance(values.get("ruleSet"), dict) and not values.get("ruleSetId"):
        return RuleSet.from_dict(values["ruleSet"])
    if not ObjectId.is_valid(str(values.get("ruleSetId") or "")):
        raise ValidationFailed("ruleSetId or ruleSet required")
    doc = RoutingRuleSet.objects(id=values["ruleSetId"]).first()
    if doc is None:
        raise NotFound("Rule set not found")
    return RuleSet.from_dict(plain(doc.to_mongo().to_dict()))


def _item(case: dict) -> ReplayItem:
    system = [{"role": "system", "content": case["systemPrompt"]}] if case.get("systemPrompt") else []
    messages = [*system, {"role": "user", "content": case["prompt"]}]
    return ReplayItem(request_id=case["_id"], request={"model": "auto-prism", "messages": messages})


def from_suite(state, values: dict) -> dict:
    """Give the replay report (changes, tier/model/category shifts, cost from model prices) of a suite."""
    rs = candidate(values)
    suite = synthetic_tests.get(values.get("suiteId"))
    if not suite.testCases:
        raise ValidationFailed("Test suite has no test cases")
    tenant = test_route.tenant_view(state, values.get("tenantId"))
    current = test_route.environments_for(state).for_tenant(state.holder.current(), tenant)
    report = replay([_item(c) for c in suite.testCases], current, replace(current, rule_set=rs)).to_dict()
    return {**report, "source": "suite", "suiteId": str(suite.id), "ruleSetName": rs.name}


def run(state, values: dict, tenant_ids) -> dict:
    """Give the benchmark of `source` suite (this module) or logs (the §17 replay of logged requests)."""
    if values.get("source") == "suite":
        return from_suite(state, values)
    if not values.get("ruleSetId"):
        raise ValidationFailed("ruleSetId required (save the rule set to benchmark it on logged requests)")
    return {**rule_set_benchmark.simulate(values, tenant_ids), "source": "logs"}
