"""Synthetic routing test suites: CRUD, runs through the production router in dry-run mode, run history."""

from __future__ import annotations

from collections import Counter

from bson import ObjectId

from ..errors import NotFound, ValidationFailed
from ..models import RoutingRuleSet, SyntheticTest, TestRun
from ..models.catalog import TIERS
from . import test_route
from .jsonview import document


def view(suite: SyntheticTest) -> dict:
    return document(suite, drop=("extra",))


def get(suite_id: str) -> SyntheticTest:
    if not ObjectId.is_valid(str(suite_id)):
        raise ValidationFailed("Invalid id")
    suite = SyntheticTest.objects(id=suite_id).first()
    if suite is None:
        raise NotFound("Test suite not found")
    return suite


def list_suites() -> list[dict]:
    return [view(s) for s in SyntheticTest.objects.order_by("-updatedAt")]


def _cases(cases) -> list[dict]:
    out = []
    for case in cases or []:
        if not isinstance(case, dict) or not (case.get("prompt") or "").strip():
            raise ValidationFailed("Every test case needs a prompt")
        for key in ("expectedTierMin", "expectedTierMax"):
            if case.get(key) and case[key] not in TIERS:
                raise ValidationFailed(f"Invalid {key}")
        out.append({"_id": case.get("_id") or str(ObjectId()), "prompt": case["prompt"],
                    "systemPrompt": case.get("systemPrompt"), "expectedCategory": case.get("expectedCategory"),
                    "expectedTierMin": case.get("expectedTierMin"), "expectedTierMax": case.get("expectedTierMax"),
                    "tags": list(case.get("tags") or [])})  # fmt: skip
    return out


def save(values: dict, suite_id: str | None = None) -> SyntheticTest:
    if not (values.get("name") or "").strip():
        raise ValidationFailed("Name required")
    suite = get(suite_id) if suite_id else SyntheticTest()
    suite.name, suite.description = values["name"].strip(), values.get("description") or ""
    suite.category, suite.testCases = values.get("category") or "", _cases(values.get("testCases"))
    return suite.save()


def delete(suite_id: str) -> dict:
    suite = get(suite_id)
    TestRun.objects(testSuiteId=suite.id).delete()
    suite.delete()
    return {"deleted": True}


def _tier_index(tier: str | None, default: int) -> int:
    return TIERS.index(tier) if tier in TIERS else default


def _result(case: dict, r) -> dict:
    low, high = _tier_index(case.get("expectedTierMin"), -1), _tier_index(case.get("expectedTierMax"), 7)
    final = _tier_index(r.cost_tier, -2)
    return {
        "testCaseId": case["_id"], "prompt": case["prompt"][:120], "routedModel": r.model_id, "routedTier": r.cost_tier,
        "category": r.category, "confidence": r.confidence, "overrides": r.override_applied,
        "selectionMethod": r.selection_method, "routingMs": r.analysis_time_ms,
        "tierMatch": final >= 0 and low <= final <= high,
        "categoryMatch": not case.get("expectedCategory") or case["expectedCategory"] == r.category,
        "expectedTierMin": case.get("expectedTierMin"), "expectedTierMax": case.get("expectedTierMax"),
        "expectedCategory": case.get("expectedCategory"), "reasoning": r.reason, "trace": r.trace_dicts(),
        "classifierTier": r.tier_progression.get("classifier"), "afterOverrides": r.tier_progression.get("afterOverrides"),
        "afterCostMode": r.tier_progression.get("afterCostMode"), "finalTier": r.cost_tier, "finalModel": r.model_id,
    }  # fmt: skip


def run(state, suite_id: str, tenant_id: str, use_classifier: bool) -> dict:
    """Route every case of the suite for the tenant (dry run) and store the run with its summary."""
    suite = get(suite_id)
    if not suite.testCases:
        raise ValidationFailed("Test suite has no test cases")
    tenant = test_route.tenant_view(state, tenant_id)
    results = [_result(c, test_route.decide(state, tenant, c["prompt"], c.get("systemPrompt"),
                                            use_classifier=use_classifier)) for c in suite.testCases]  # fmt: skip
    n = len(results)
    summary = {"total": n, "tierMatches": sum(r["tierMatch"] for r in results),
               "categoryMatches": sum(r["categoryMatch"] for r in results),
               "avgConfidence": round(sum(r["confidence"] or 0 for r in results) / n, 3),
               "avgRoutingMs": round(sum(r["routingMs"] or 0 for r in results) / n, 3),
               "tierDistribution": dict(Counter(r["finalTier"] or "none" for r in results))}  # fmt: skip
    rule_set = RoutingRuleSet.objects(tenantId=ObjectId(tenant.id)).first() or RoutingRuleSet.objects(
        isGlobalDefault=True).first()  # fmt: skip
    saved = TestRun(testSuiteId=suite.id, tenantId=ObjectId(tenant.id), results=results, summary=summary,
                    ruleSetName=rule_set.name if rule_set else None).save()  # fmt: skip
    return document(saved)


def runs(suite_id: str) -> list[dict]:
    suite = get(suite_id)
    return [document(r) for r in TestRun.objects(testSuiteId=suite.id).order_by("-createdAt").limit(20)]
