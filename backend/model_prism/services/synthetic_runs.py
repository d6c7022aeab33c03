"""Synthetic test runs in the background: every case through the production router as a dry run, progress
and partial results stored as they come, cancellable, comparable side by side (routing.md §16, issue 8)."""

from __future__ import annotations

import time
from collections import Counter

from bson import ObjectId

from ..errors import Conflict, NotFound, PrismError, ValidationFailed
from ..models import RoutingRuleSet, TestRun
from ..models.base import utcnow
from ..synthetic.compare import compare
from . import synthetic_costs, synthetic_jobs, synthetic_tests, test_route
from .jsonview import document

ACTIVE = ("running", "cancelling")
#: results are stored in small batches: progress stays live without one write per case
FLUSH_EVERY, FLUSH_SECONDS = 10, 0.5


def get(run_id: str) -> TestRun:
    """Give the run (400 on a malformed id, 404 when unknown)."""
    if not ObjectId.is_valid(str(run_id)):
        raise ValidationFailed("Invalid id")
    run = TestRun.objects(id=run_id).first()
    if run is None:
        raise NotFound("Test run not found")
    return run


def view(run: TestRun, *, results: bool = True) -> dict:
    """Give the run as JSON with its shown status (a silent running job reads as interrupted)."""
    out = document(run, drop=() if results else ("results",))
    out["status"] = synthetic_jobs.shown_status(run.status, (run.progress or {}).get("heartbeatAt"))
    return out


def list_runs(suite_id: str | None = None, active: bool = False) -> list[dict]:
    """Give runs without their results, newest first (all suites unless one is named; `active` = running)."""
    query = TestRun.objects(testSuiteId=synthetic_tests.get(suite_id).id) if suite_id else TestRun.objects
    if active:
        query = query.filter(status__in=ACTIVE)
    return [view(r, results=False) for r in query.exclude("results").order_by("-createdAt").limit(50)]


def _rule_set_name(tenant_id: str) -> str | None:
    rs = RoutingRuleSet.objects(tenantId=ObjectId(tenant_id)).order_by("-updatedAt").first() or \
        RoutingRuleSet.objects(isGlobalDefault=True).first()  # fmt: skip
    return rs.name if rs else None


def start(state, suite_id: str, values: dict, *, actor: str) -> dict:
    """Create the run and route its cases in the background; give the run (status running)."""
    suite = synthetic_tests.get(suite_id)
    if not suite.testCases:
        raise ValidationFailed("Test suite has no test cases")
    tenant = test_route.tenant_view(state, values.get("tenantId"))
    use_classifier = bool(values.get("useClassifier"))
    now = utcnow()
    run = TestRun(testSuiteId=suite.id, tenantId=ObjectId(tenant.id), ruleSetName=_rule_set_name(tenant.id),
                  status="running", results=[], summary={},
                  progress={"total": len(suite.testCases), "done": 0, "startedAt": now, "heartbeatAt": now,
                            "finishedAt": None, "startedBy": actor, "useClassifier": use_classifier,
                            "label": (values.get("label") or "")[:120],
                            "configVersion": state.holder.current().version}).save()  # fmt: skip
    cases = [dict(c) for c in suite.testCases]
    synthetic_jobs.launch(f"run-{run.id}", lambda: _route_all(state, run.id, tenant, cases, use_classifier),
                          lambda err: _finish(run.id, [], err))  # fmt: skip
    return view(run)


def _classifier_needed(result) -> bool:
    decision = next((e.data for e in reversed(result.trace) if e.stage == "classifier_decision"), None)
    if decision is None:
        return False  # fast paths (FIM, strictness) never ask the classifier
    return decision.get("decision") != "skipped" or decision.get("reason") == "Classifier not configured"


def _one(state, tenant, case: dict, use_classifier: bool) -> dict:
    try:
        r = test_route.decide(
            state, tenant, case["prompt"], case.get("systemPrompt"), use_classifier=use_classifier
        )
    except PrismError as exc:  # one undecidable case is a result, not the end of the run
        return {"testCaseId": case["_id"], "prompt": case["prompt"][:120], "error": exc.message,
                "tierMatch": False, "categoryMatch": False, "expectedCategory": case.get("expectedCategory"),
                "category": None, "finalTier": None, "finalModel": None, "confidence": None}  # fmt: skip
    out = synthetic_tests._result(case, r)
    out.update(classifierNeeded=_classifier_needed(r), classifierCalled=r.classifier_called, decidedBy=r.decided_by,
               tags=list(case.get("tags") or []), **synthetic_costs.estimate(state.holder.current(), tenant, r))  # fmt: skip
    return out


def _status(run_id) -> str | None:
    doc = TestRun._get_collection().find_one({"_id": run_id}, {"status": 1})
    return (doc or {}).get("status")


def _route_all(state, run_id, tenant, cases: list[dict], use_classifier: bool) -> None:
    results: list[dict] = []
    pending: list[dict] = []
    flushed = time.monotonic()
    for n, case in enumerate(cases, 1):
        if _status(run_id) != "running":
            break
        time.sleep(0)  # a cooperative yield: under gevent a long run must not hold the worker's loop
        row = _one(state, tenant, case, use_classifier)
        results.append(row)
        pending.append(row)
        if len(pending) >= FLUSH_EVERY or time.monotonic() - flushed > FLUSH_SECONDS or n == len(cases):
            _flush(run_id, pending, len(results))
            pending, flushed = [], time.monotonic()
    if pending:
        _flush(run_id, pending, len(results))
    _finish(run_id, results)


def _flush(run_id, rows: list[dict], done: int) -> None:
    TestRun._get_collection().update_one({"_id": run_id}, {"$push": {"results": {"$each": rows}},
                                                           "$set": {"progress.done": done, "progress.heartbeatAt": utcnow()}})  # fmt: skip


def summarise(results: list[dict]) -> dict:
    """Give the run summary: the spec's fields plus classifier need, errors and estimated cost vs baseline."""
    ok = [r for r in results if not r.get("error")]
    n = len(ok) or 1
    cost = sum(r.get("estimatedCostUsd") or 0 for r in ok)
    base = sum(r.get("baselineCostUsd") or 0 for r in ok)
    return {"total": len(results), "tierMatches": sum(bool(r.get("tierMatch")) for r in results),
            "categoryMatches": sum(bool(r.get("categoryMatch")) for r in results),
            "avgConfidence": round(sum(r.get("confidence") or 0 for r in ok) / n, 3),
            "avgRoutingMs": round(sum(r.get("routingMs") or 0 for r in ok) / n, 3),
            "tierDistribution": dict(Counter(r.get("finalTier") or "none" for r in ok)),
            "classifierNeeded": sum(bool(r.get("classifierNeeded")) for r in ok),
            "errors": len(results) - len(ok), "estimatedCostUsd": round(cost, 6), "baselineCostUsd": round(base, 6),
            "savingsPct": round(100 * (base - cost) / base, 1) if base else None}  # fmt: skip


def _finish(run_id, results: list[dict], error: str | None = None) -> None:
    collection = TestRun._get_collection()
    stored = (collection.find_one({"_id": run_id}, {"results": 1}) or {}).get("results") or results
    done = {"summary": summarise(stored), "progress.finishedAt": utcnow(), "progress.heartbeatAt": utcnow()}
    if error:
        collection.update_one(
            {"_id": run_id}, {"$set": {**done, "status": "failed", "progress.error": error}}
        )
    elif not collection.update_one(
        {"_id": run_id, "status": "running"}, {"$set": {**done, "status": "done"}}
    ).matched_count:
        collection.update_one({"_id": run_id}, {"$set": {**done, "status": "cancelled"}})


def cancel(run_id: str) -> dict:
    """Ask a running run to stop after the current case; give the run (409 when it is not running)."""
    run = get(run_id)
    if not TestRun._get_collection().update_one({"_id": run.id, "status": "running"},
                                                {"$set": {"status": "cancelling"}}).matched_count:  # fmt: skip
        raise Conflict("The run is not running")
    return view(get(run_id))


def delete(run_id: str) -> dict:
    """Delete a finished run (409 while it runs)."""
    run = get(run_id)
    if view(run, results=False)["status"] in ACTIVE:
        raise Conflict("Cancel the run first")
    run.delete()
    return {"deleted": True}


def compare_runs(run_ids: list[str]) -> dict:
    """Give the side-by-side comparison of 2–5 runs of the same suite."""
    if not 2 <= len(run_ids) <= 5:
        raise ValidationFailed("Pick 2 to 5 runs to compare")
    runs = [get(r) for r in run_ids]
    if len({r.testSuiteId for r in runs}) > 1:
        raise ValidationFailed("Runs of different suites cannot be compared")
    return compare([document(r) for r in runs])
