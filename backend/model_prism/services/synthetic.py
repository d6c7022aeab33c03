"""Synthetic test suites, the AI side: background generation per category and language, hand-added cases,
routing-eval JSONL import/export (routing.md §16, issue 8). Suite CRUD itself is `synthetic_tests`."""

from __future__ import annotations

from bson import ObjectId

from ..errors import Conflict, PrismError, ValidationFailed
from ..models import RoutingCategory, SyntheticTest, TestRun
from ..models.base import utcnow
from ..synthetic import export
from ..synthetic.generation import MAX_PER_CATEGORY, CategoryInfo, messages_for, validate_cases
from ..synthetic.llm_json import MalformedAnswer, ask_validated
from . import synthetic_jobs, synthetic_llm, synthetic_runs, synthetic_tests
from .jsonview import plain

MAX_CASES_PER_JOB = 600


def _collection():
    return SyntheticTest._get_collection()


def generation_view(suite: SyntheticTest) -> dict | None:
    """Give the suite's last generation job {status, done, total, generated, rejected, failures, …} or None."""
    job = dict((suite.extra or {}).get("generation") or {}) if isinstance(suite.extra, dict) else {}
    if not job:
        return None
    job["status"] = synthetic_jobs.shown_status(job.get("status"), job.get("heartbeatAt"))
    return plain(job)


def suite_view(suite_id: str) -> dict:
    """Give the suite as `synthetic_tests.view` does, plus its generation job."""
    suite = synthetic_tests.get(suite_id)
    return {**synthetic_tests.view(suite), "generation": generation_view(suite)}


def _categories(keys: list[str]) -> tuple[list[CategoryInfo], set[str]]:
    docs = [plain(c.to_mongo().to_dict()) for c in RoutingCategory.objects.order_by("order")]
    known = {d["key"] for d in docs}
    unknown = sorted(set(keys) - known)
    if unknown:
        raise ValidationFailed("Unknown categories: " + ", ".join(unknown))
    picked = [CategoryInfo.from_doc(d) for d in docs if not keys or d["key"] in keys]
    if not picked:
        raise ValidationFailed("No routing categories exist; seed the defaults first")
    return picked, known


def _set(suite_id: str, fields: dict) -> None:
    _collection().update_one({"_id": ObjectId(suite_id)},
                             {"$set": {f"extra.generation.{k}": v for k, v in fields.items()}})  # fmt: skip


def start_generation(suite_id: str, values: dict, *, actor: str, transport) -> dict:
    """Start writing test cases in the background; give the suite with its generation job (409 while one runs)."""
    suite = synthetic_tests.get(suite_id)
    current = generation_view(suite)
    if current and current["status"] in ("running", "cancelling"):
        raise Conflict("A generation is already running for this suite")
    count = int(values.get("countPerCategory") or 5)
    if not 1 <= count <= MAX_PER_CATEGORY:
        raise ValidationFailed(f"countPerCategory must be 1..{MAX_PER_CATEGORY}")
    languages = [str(x).strip() for x in values.get("languages") or ["en"] if str(x).strip()] or ["en"]
    cats, known = _categories([str(k) for k in values.get("categories") or []])
    if count * len(cats) > MAX_CASES_PER_JOB:
        raise ValidationFailed(f"At most {MAX_CASES_PER_JOB} cases per generation (categories × count)")
    provider, model = synthetic_llm.model_ref(values)
    chat = synthetic_llm.chat_with(provider, model, transport, temperature=0.7, max_tokens=4000)
    now = utcnow()
    job = {"status": "running", "startedAt": now, "heartbeatAt": now, "finishedAt": None, "startedBy": actor,
           **synthetic_llm.label(provider, model), "categories": [c.key for c in cats], "languages": languages,
           "countPerCategory": count, "total": len(cats), "done": 0, "generated": 0, "rejected": 0,
           "failures": [], "cancelRequested": False, "current": None}  # fmt: skip
    extra = suite.extra if isinstance(suite.extra, dict) else {}
    _collection().update_one({"_id": suite.id}, {"$set": {"extra": {**extra, "generation": job}}})
    work = lambda: _generate(str(suite.id), cats, known, count, languages, chat)  # noqa: E731
    synthetic_jobs.launch(f"generate-{suite.id}", work, lambda err: _finish(str(suite.id), "failed", err))
    return suite_view(str(suite.id))


def _cancelled(suite_id: str) -> bool:
    doc = _collection().find_one({"_id": ObjectId(suite_id)}, {"extra.generation.cancelRequested": 1})
    return bool(((doc or {}).get("extra") or {}).get("generation", {}).get("cancelRequested"))


def _generate(suite_id: str, cats, known, count: int, languages: list[str], chat) -> None:
    generated = rejected = 0
    failures: list[dict] = []
    for n, cat in enumerate(cats):
        if _cancelled(suite_id):
            return _finish(suite_id, "cancelled")
        _set(suite_id, {"current": cat.key, "heartbeatAt": utcnow()})
        try:
            batch, _ = ask_validated(chat, messages_for(cat, count, languages, cats),
                                     lambda parsed, c=cat: validate_cases(parsed, c, count, languages, known))  # fmt: skip
            cases = synthetic_tests._cases(batch["cases"])
            _collection().update_one({"_id": ObjectId(suite_id)}, {"$push": {"testCases": {"$each": cases}},
                                                                   "$set": {"updatedAt": utcnow()}})  # fmt: skip
            generated, rejected = generated + len(cases), rejected + batch["rejected"]
        except (MalformedAnswer, PrismError) as exc:
            why = "malformed answer twice: " if isinstance(exc, MalformedAnswer) else "provider error: "
            failures.append({"category": cat.key, "error": (why + str(getattr(exc, "message", exc)))[:300]})
        _set(suite_id, {"done": n + 1, "generated": generated, "rejected": rejected, "failures": failures,
                        "heartbeatAt": utcnow()})  # fmt: skip
    _finish(suite_id, "failed" if failures and not generated else "done")


def _finish(suite_id: str, status: str, error: str | None = None) -> None:
    _set(suite_id, {"status": status, "finishedAt": utcnow(), "current": None, "error": error})


def cancel_generation(suite_id: str) -> dict:
    """Ask a running generation to stop after the current category; give the suite view."""
    suite = synthetic_tests.get(suite_id)
    job = generation_view(suite)
    if not job or job["status"] != "running":
        raise Conflict("No generation is running for this suite")
    _set(str(suite.id), {"cancelRequested": True, "status": "cancelling"})
    return suite_view(str(suite.id))


def add_cases(suite_id: str, values: dict) -> dict:
    """Append hand-written cases (`testCases`) or routing-eval JSONL (`jsonl`); give {added, total, suite}."""
    suite = synthetic_tests.get(suite_id)
    raw = list(values.get("testCases") or [])
    if values.get("jsonl"):
        try:
            raw += export.from_jsonl(values["jsonl"])
        except ValueError as exc:
            raise ValidationFailed(str(exc)) from None
    if not raw:
        raise ValidationFailed("testCases or jsonl required")
    cases = synthetic_tests._cases(raw)
    _collection().update_one({"_id": suite.id}, {"$push": {"testCases": {"$each": cases}},
                                                 "$set": {"updatedAt": utcnow()}})  # fmt: skip
    view = suite_view(str(suite.id))
    return {"added": len(cases), "total": len(view["testCases"]), "suite": view}


def export_jsonl(suite_id: str) -> tuple[str, str]:
    """Give (filename, JSONL text) of the suite's cases that name an expected category."""
    suite = synthetic_tests.get(suite_id)
    name = "".join(ch if ch.isalnum() else "-" for ch in suite.name.lower()).strip("-") or "suite"
    return f"{name}.routing-eval.jsonl", export.to_jsonl(suite.name, suite.testCases)


def active_jobs() -> dict:
    """Give every background job that is still going: {runs, generations, evaluations} (visible to all admins)."""
    suites = SyntheticTest.objects(__raw__={"extra.generation.status": {"$in": ["running", "cancelling"]}})
    generations = [{"suiteId": str(s.id), "suiteName": s.name, **(generation_view(s) or {})} for s in suites]
    evaluating = TestRun.objects(__raw__={"evaluation.job.status": "running"}).exclude("results")
    evaluations = [{"runId": str(r.id), "suiteId": str(r.testSuiteId), **plain(r.evaluation["job"])}
                   for r in evaluating if not synthetic_jobs.is_stale(r.evaluation["job"].get("heartbeatAt"))]  # fmt: skip
    return {"runs": synthetic_runs.list_runs(active=True),
            "generations": [g for g in generations if g.get("status") in ("running", "cancelling")],
            "evaluations": evaluations}  # fmt: skip
