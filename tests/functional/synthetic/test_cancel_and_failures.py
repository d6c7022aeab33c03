"""Cancellation of runs and generations, and the evaluator's malformed-answer path (never half-applied)."""

from __future__ import annotations

import orjson

from model_prism.models import SyntheticTest, Tenant, User
from tests.functional.admin.helpers import call, token_for

from .conftest import poll, prompts_for

API = "/api/prism/admin/synthetic"


def _suite_with(n: int) -> str:
    cases = [{"_id": f"c{i}", "prompt": f"Explain topic number {i} in two sentences", "tags": [],
              "expectedCategory": "smalltalk_simple"} for i in range(n)]  # fmt: skip
    return str(SyntheticTest(name="Many", testCases=cases).save().id)


def test_a_running_run_is_visible_to_other_admins_and_cancels_keeping_partial_results(
    app, client, world, scripted
):
    tenant = Tenant.objects(id=world["tenant"].id).first()
    tenant.routing = {**tenant.routing, "classifierProvider": str(world["provider"].id), "classifierModel": "gpt-4o-mini",
                      "localClassifier": False}  # fmt: skip
    tenant.save()
    app.extensions["model_prism"].holder.invalidate()
    scripted.behaviour.delay = 0.15  # every classifier call takes a while, so the run is still going
    sid = _suite_with(30)
    started = call(client, "POST", f"{API}/suites/{sid}/runs", world["token"],
                   json={"tenantId": str(tenant.id), "useClassifier": True})  # fmt: skip
    rid = started.get_json()["_id"]
    poll(client, world["token"], f"{API}/runs/{rid}?results=0", lambda r: r["progress"]["done"] >= 1)
    other = token_for(app, User(username="maint", role="maintainer").save())
    active = call(client, "GET", f"{API}/runs?active=1", other).get_json()
    assert [r["_id"] for r in active] == [rid] and active[0]["status"] == "running"
    jobs = call(client, "GET", f"{API}/jobs", other).get_json()
    assert [r["_id"] for r in jobs["runs"]] == [rid] and jobs["generations"] == jobs["evaluations"] == []
    cancelled = call(client, "POST", f"{API}/runs/{rid}/cancel", other)
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelling"
    final = poll(client, world["token"], f"{API}/runs/{rid}", lambda r: r["status"] != "cancelling")
    assert final["status"] == "cancelled" and final["progress"]["finishedAt"]
    assert 1 <= len(final["results"]) == final["progress"]["done"] < 30
    assert final["summary"]["total"] == len(final["results"])
    assert len(scripted.calls["classifier"]) >= 1 and all(r["classifierCalled"] for r in final["results"])
    again = call(client, "POST", f"{API}/runs/{rid}/cancel", world["token"])
    assert again.status_code == 409
    assert call(client, "GET", f"{API}/runs?active=1", world["token"]).get_json() == []


def test_generation_cancels_after_the_current_category(client, world, scripted):
    scripted.behaviour.delay = 0.3
    scripted.generator = [prompts_for]
    sid = call(
        client, "POST", "/api/prism/admin/routing/test-suites", world["token"], json={"name": "G"}
    ).get_json()["_id"]
    body = {
        **world["ref"],
        "categories": ["translation", "sql_generation", "math_simple"],
        "countPerCategory": 2,
    }
    assert call(client, "POST", f"{API}/suites/{sid}/generate", world["token"], json=body).status_code == 202
    busy = call(client, "POST", f"{API}/suites/{sid}/generate", world["token"], json=body)
    assert busy.status_code == 409
    jobs = call(client, "GET", f"{API}/jobs", world["token"]).get_json()
    assert [(g["suiteId"], g["status"]) for g in jobs["generations"]] == [(sid, "running")]
    assert call(client, "POST", f"{API}/suites/{sid}/generate/cancel", world["token"]).status_code == 200
    suite = poll(
        client, world["token"], f"{API}/suites/{sid}", lambda s: s["generation"]["status"] != "cancelling"
    )
    assert suite["generation"]["status"] == "cancelled" and len(suite["testCases"]) < 6
    assert len(scripted.calls["generator"]) < 3


def _run(client, world) -> dict:
    sid = _suite_with(3)
    rid = call(client, "POST", f"{API}/suites/{sid}/runs", world["token"],
               json={"tenantId": str(world["tenant"].id)}).get_json()["_id"]  # fmt: skip
    return poll(client, world["token"], f"{API}/runs/{rid}", lambda r: r["status"] == "done")


def _evaluate(client, world, rid: str) -> dict:
    res = call(client, "POST", f"{API}/runs/{rid}/evaluate", world["token"], json=world["ref"])
    assert res.status_code == 202, res.get_json()
    return poll(client, world["token"], f"{API}/runs/{rid}?results=0",
                lambda r: r["evaluation"]["job"]["status"] != "running")["evaluation"]  # fmt: skip


def test_malformed_evaluations_retry_once_then_fail_and_keep_the_previous_evaluation(client, world, scripted):
    run = _run(client, world)
    good = {"score": 90, "analysis": "Good.", "findings": []}
    scripted.evaluator = [lambda b: orjson.dumps(good).decode()]
    assert _evaluate(client, world, run["_id"])["score"] == 90
    scripted.calls["evaluator"].clear()
    wrong = {"score": 40, "analysis": "x", "findings": [{"type": "misrouted", "case": 9, "suggestedCategory": "nope",
                                                         "reason": "r"}]}  # fmt: skip
    scripted.evaluator = [
        lambda b: "I think the routing is fine overall.",
        lambda b: orjson.dumps(wrong).decode(),
    ]
    ev = _evaluate(client, world, run["_id"])
    assert ev["job"]["status"] == "failed" and ev["job"]["error"].startswith("Evaluation failed")
    assert any("case must be a result number 1..3" in p for p in ev["job"]["problems"])
    assert ev["score"] == 90 and ev["analysis"] == "Good."  # the earlier evaluation stays untouched
    assert len(scripted.calls["evaluator"]) == 2
    assert "not JSON" in scripted.calls["evaluator"][1]["messages"][-1]["content"]


def test_evaluation_recovers_on_the_retry(client, world, scripted):
    run = _run(client, world)
    fixed = {"score": 55, "analysis": "ok", "findings": [
        {"type": "category_rules", "category": "smalltalk_simple", "suggestion": "Add examples."}]}  # fmt: skip
    scripted.evaluator = [lambda b: '{"score": "high"}', lambda b: orjson.dumps(fixed).decode()]
    ev = _evaluate(client, world, run["_id"])
    assert ev["job"]["status"] == "done" and ev["job"]["attempts"] == 2 and ev["score"] == 55
    assert ev["findings"][0]["target"]["kind"] == "category" and ev["qualitySuggestions"] == ["Add examples."]


def test_evaluation_needs_a_model_and_a_finished_run(client, world):
    run = _run(client, world)
    none = call(client, "POST", f"{API}/runs/{run['_id']}/evaluate", world["token"], json={})
    assert none.status_code == 400 and "classifier" in none.get_json()["error"]
    assert call(client, "GET", f"{API}/runs/not-an-id", world["token"]).get_json() == {"error": "Invalid id"}
