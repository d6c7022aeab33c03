"""Rule-set benchmark (routing.md §17): a candidate rule set against logged requests or a test suite."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bson import ObjectId

from ..auth.secrets import current_box
from ..errors import NotFound, ValidationFailed
from ..models import RequestLog, RoutingRuleSet, Tenant
from ..models.base import utcnow
from ..routing.replay import ReplayItem, replay
from ..routing.rulesets import RuleSet
from ..synthetic.simulate import LoggedDecision, signals_from_log, simulate
from . import synthetic_tests, test_route
from .jsonview import iso, plain


def _oid(value, what: str) -> ObjectId:
    if not ObjectId.is_valid(str(value or "")):
        raise ValidationFailed(f"{what} required" if not value else "Invalid id")
    return ObjectId(str(value))


def candidate(values: dict) -> RuleSet:
    """Give the candidate: the stored rule set `ruleSetId`, else the unsaved `ruleSet` document from the editor."""
    if isinstance(values.get("ruleSet"), dict) and not values.get("ruleSetId"):
        return RuleSet.from_dict(values["ruleSet"])
    doc = RoutingRuleSet.objects(id=_oid(values.get("ruleSetId"), "ruleSetId")).first()
    if doc is None:
        raise NotFound("Rule set not found")
    return RuleSet.from_dict(plain(doc.to_mongo().to_dict()))


def _texts(row: dict, box) -> tuple[str, str]:
    snap = row.get("promptSnapshot") or {}
    opened = [box.open_or_marker(snap.get(k)) or "" for k in ("systemPrompt", "lastUserMessage")]
    return tuple("" if t == "[decryption failed]" else t for t in opened)  # type: ignore[return-value]


def _decision(row: dict, box) -> LoggedDecision:
    sig, full = signals_from_log(row, *_texts(row, box))
    rs = row.get("routingSignals") or {}
    return LoggedDecision(
        request_id=str(row.get("requestId") or row["_id"]), timestamp=iso(row.get("timestamp")),
        input_tokens=int(row.get("inputTokens") or 0), current_tier=row.get("costTier"),
        pre_routed=bool(rs.get("preRouted")), confidence=row.get("confidence"), domain=row.get("domain"),
        routed_model=row.get("routedModel"), category=row.get("category"),
        cost_usd=float(row.get("actualCostUsd") or 0), signals=sig, full=full,
    )  # fmt: skip


def from_logs(values: dict) -> dict:
    """Give the §17 report over the last `limit` auto-routed requests of the window."""
    rs = candidate(values)
    days, limit = int(values.get("days") or 30), int(values.get("limit") or 500)
    if not (1 <= days <= 365 and 1 <= limit <= 2000):
        raise ValidationFailed("days must be 1..365 and limit 1..2000")
    query: dict = {"isAutoRouted": True, "timestamp": {"$gte": utcnow() - timedelta(days=days)}}
    if values.get("tenantId"):
        query["tenantId"] = _oid(values["tenantId"], "tenantId")
    overrides, sim_tenant = None, None
    if values.get("simulateTenantId"):
        tenant = Tenant.objects(id=_oid(values["simulateTenantId"], "simulateTenantId")).first()
        if tenant is None:
            raise NotFound("Tenant not found")
        overrides = dict((tenant.routing or {}).get("overrides") or {})
        sim_tenant = {"id": str(tenant.id), "name": tenant.name}
    rows = RequestLog._get_collection().find(query).sort("timestamp", -1).limit(limit)
    box = current_box()
    report = simulate([_decision(r, box) for r in rows], rs, overrides)
    if sim_tenant and report.get("simulated"):
        report["simulateTenant"] = sim_tenant
    return {**report, "source": "logs", "ruleSetName": rs.name}


def from_suite(state, values: dict) -> dict:
    """Give the replay of a suite's cases under the tenant's current environment and with the candidate."""
    rs = candidate(values)
    suite = synthetic_tests.get(values.get("suiteId"))
    tenant = test_route.tenant_view(state, values.get("tenantId"))
    current = test_route.environments_for(state).for_tenant(state.holder.current(), tenant)
    items = [ReplayItem(request_id=c["_id"], request={"model": "auto-prism", "messages": (
        [{"role": "system", "content": c["systemPrompt"]}] if c.get("systemPrompt") else []) + [
        {"role": "user", "content": c["prompt"]}]}) for c in suite.testCases]  # fmt: skip
    if not items:
        raise ValidationFailed("Test suite has no test cases")
    report = replay(items, current, replace(current, rule_set=rs)).to_dict()
    return {**report, "source": "suite", "suiteId": str(suite.id), "ruleSetName": rs.name}
