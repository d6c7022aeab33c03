"""AI evaluation of a test run in the background: structured findings with target references, validated,
retried once on a malformed answer, else reported as failed with the previous evaluation untouched."""

from __future__ import annotations

from bson import ObjectId

from ..errors import Conflict, PrismError, ValidationFailed
from ..models import RoutingCategory, RoutingRuleSet, SyntheticTest, TestRun
from ..models.base import utcnow
from ..synthetic.findings import References, legacy_suggestions, messages_for, validate_evaluation
from ..synthetic.llm_json import MalformedAnswer, ask_validated
from . import synthetic_jobs, synthetic_llm, synthetic_runs
from .jsonview import plain


def _references(run: TestRun) -> References:
    categories = {c.key: str(c.id) for c in RoutingCategory.objects.only("id", "key")}
    rule_sets = list(RoutingRuleSet.objects(tenantId=run.tenantId)) + list(
        RoutingRuleSet.objects(isGlobalDefault=True)
    )
    rules: dict[str, str] = {}
    for rs in reversed(rule_sets):  # the tenant's own set wins a name clash
        for item in list(rs.keywordRules or []) + list(rs.systemPromptRoles or []):
            if isinstance(item, dict) and item.get("name"):
                rules[str(item["name"])] = str(rs.id)
    ids = tuple(r.get("testCaseId") for r in run.results or [])
    return References(case_ids=ids, categories=categories, rules=rules, tenant_id=str(run.tenantId))


def _set_job(run_id, job: dict, evaluation: dict | None = None) -> None:
    fields = (
        {"evaluation": {**(evaluation or {}), "job": job}}
        if evaluation is not None
        else {"evaluation.job": job}
    )
    TestRun._get_collection().update_one({"_id": run_id}, {"$set": fields})


def start(run_id: str, values: dict, *, actor: str, transport) -> dict:
    """Start the evaluation in the background; give the run with `evaluation.job.status == running`."""
    run = synthetic_runs.get(run_id)
    shown = synthetic_runs.view(run, results=False)
    if shown["status"] in synthetic_runs.ACTIVE:
        raise Conflict("Wait for the run to finish (or cancel it) before evaluating")
    if not run.results:
        raise ValidationFailed("The run has no results to evaluate")
    job = dict((run.evaluation or {}).get("job") or {})
    if job.get("status") == "running" and not synthetic_jobs.is_stale(job.get("heartbeatAt")):
        raise Conflict("An evaluation of this run is already running")
    provider, model = synthetic_llm.model_ref(
        {**values, "tenantId": values.get("tenantId") or str(run.tenantId)}
    )
    chat = synthetic_llm.chat_with(provider, model, transport, temperature=0.3, max_tokens=3000)
    now = utcnow()
    job = {"status": "running", "startedAt": now, "heartbeatAt": now, "startedBy": actor,
           **synthetic_llm.label(provider, model)}  # fmt: skip
    previous = {k: v for k, v in (run.evaluation or {}).items() if k != "job"}
    _set_job(run.id, job, previous)
    suite = SyntheticTest.objects(id=run.testSuiteId).only("name").first()
    refs, body = _references(run), plain(run.to_mongo().to_dict())
    work = lambda: _evaluate(run.id, suite.name if suite else "suite", body, refs, chat, job)  # noqa: E731
    synthetic_jobs.launch(
        f"evaluate-{run.id}", work, lambda err: _set_job(run.id, _ended(job, "failed", err))
    )
    return synthetic_runs.view(synthetic_runs.get(run_id))


def _ended(job: dict, status: str, error: str | None = None, **more) -> dict:
    return {**job, "status": status, "finishedAt": utcnow(), "heartbeatAt": utcnow(), "error": error, **more}


def _evaluate(run_id: ObjectId, suite_name: str, run: dict, refs: References, chat, job: dict) -> None:
    try:
        verdict, attempts = ask_validated(chat, messages_for(suite_name, run, refs),
                                          lambda parsed: validate_evaluation(parsed, refs))  # fmt: skip
    except MalformedAnswer as exc:
        error = "Evaluation failed: the model answered malformed JSON twice"
        return _set_job(run_id, _ended(job, "failed", error, problems=exc.problems[:20], attempts=2))
    except PrismError as exc:
        return _set_job(run_id, _ended(job, "failed", f"Evaluation failed: {exc.message}"))
    evaluation = {"model": job["model"], "providerId": job["providerId"], "score": verdict["score"],
                  "analysis": verdict["analysis"], "findings": verdict["findings"],
                  **legacy_suggestions(verdict["findings"]), "evaluatedAt": utcnow()}  # fmt: skip
    _set_job(run_id, _ended(job, "done", attempts=attempts), evaluation)
