"""Generate → run → evaluate → compare → export through the admin API, with a scripted fake model."""

from __future__ import annotations

import orjson

from model_prism.models import RoutingCategory
from model_prism.routing.evaluation import load_items
from tests.functional.admin.helpers import call

from .conftest import poll, prompts_for

API = "/api/prism/admin/synthetic"


def _suite(client, token: str, name: str = "Nightly") -> str:
    res = call(client, "POST", "/api/prism/admin/routing/test-suites", token, json={"name": name})
    return res.get_json()["_id"]


def _generated(client, world, scripted, categories: list[str], count: int = 3) -> tuple[str, dict]:
    sid = _suite(client, world["token"])
    body = {**world["ref"], "categories": categories, "countPerCategory": count, "languages": ["en", "de"]}
    started = call(client, "POST", f"{API}/suites/{sid}/generate", world["token"], json=body)
    assert started.status_code == 202, started.get_json()
    assert started.get_json()["generation"]["startedBy"] == "root"
    suite = poll(
        client, world["token"], f"{API}/suites/{sid}", lambda s: s["generation"]["status"] != "running"
    )
    return sid, suite


def _finished_run(client, world, sid: str, **extra) -> dict:
    res = call(client, "POST", f"{API}/suites/{sid}/runs", world["token"],
               json={"tenantId": str(world["tenant"].id), **extra})  # fmt: skip
    assert res.status_code == 202, res.get_json()
    rid = res.get_json()["_id"]
    return poll(
        client, world["token"], f"{API}/runs/{rid}", lambda r: r["status"] not in ("running", "cancelling")
    )


def test_generation_retries_a_malformed_answer_once_and_stores_validated_cases(client, world, scripted):
    scripted.generator = [lambda b: "Sure! Here are some prompts you could use.", prompts_for, prompts_for]
    sid, suite = _generated(client, world, scripted, ["translation", "sql_generation"])
    job = suite["generation"]
    assert job["status"] == "done" and job["generated"] == 6 and job["failures"] == [] and job["done"] == 2
    assert len(scripted.calls["generator"]) == 3  # one retry for the malformed first answer
    retry = scripted.calls["generator"][1]["messages"]
    assert retry[-1]["role"] == "user" and "not JSON" in retry[-1]["content"]
    assert {c["expectedCategory"] for c in suite["testCases"]} == {"translation", "sql_generation"}
    assert all(c["_id"] and "generated" in c["tags"] for c in suite["testCases"])
    assert {t for c in suite["testCases"] for t in c["tags"] if t.startswith("lang:")} == {
        "lang:en",
        "lang:de",
    }
    assert (
        scripted.calls["generator"][0]["temperature"] == 0.7
        and scripted.calls["generator"][0]["model"] == "gpt-4o-mini"
    )


def test_generation_reports_a_category_whose_answers_stay_malformed(client, world, scripted):
    scripted.generator = [lambda b: "[]", lambda b: '[{"text": "no prompt field"}]', prompts_for]
    _, suite = _generated(client, world, scripted, ["translation", "sql_generation"], count=2)
    job = suite["generation"]
    assert job["status"] == "done" and job["generated"] == 2
    assert [f["category"] for f in job["failures"]] == ["translation"]
    assert "malformed answer twice" in job["failures"][0]["error"]
    assert {c["expectedCategory"] for c in suite["testCases"]} == {"sql_generation"}


def test_run_evaluate_compare_and_export(client, world, scripted):
    scripted.generator = [prompts_for]
    sid, suite = _generated(client, world, scripted, ["translation", "sql_generation"])
    run = _finished_run(client, world, sid, label="before")
    assert run["status"] == "done" and run["progress"]["done"] == 6 and len(run["results"]) == 6
    assert scripted.calls["classifier"] == []  # dry run: no model called
    first = run["results"][0]
    assert first["finalTier"] and first["finalModel"] in ("gpt-4o-mini", "gpt-4o") and first["trace"]
    assert isinstance(first["classifierNeeded"], bool) and first["estimatedCostUsd"] > 0
    assert (
        first["baselineModel"] == "claude-sonnet-4-5" and first["baselineCostUsd"] > first["estimatedCostUsd"]
    )
    summary = run["summary"]
    assert summary["total"] == 6 and summary["errors"] == 0 and 0 < summary["savingsPct"] < 100
    cat = RoutingCategory.objects(key="translation").first()
    scripted.evaluator = [lambda b: orjson.dumps({
        "score": 72, "analysis": "Mostly fine.", "findings": [
            {"type": "misrouted", "case": 2, "suggestedCategory": "translation", "suggestedTier": "low",
             "reason": "It asks for a translation."},
            {"type": "cost_saving", "category": "sql_generation", "suggestion": "SQL can use a cheaper tier."},
            {"type": "quality_risk", "override": "domainGate", "suggestion": "Keep the legal gate on."}]}).decode()]  # fmt: skip
    started = call(client, "POST", f"{API}/runs/{run['_id']}/evaluate", world["token"], json=world["ref"])
    assert started.status_code == 202 and started.get_json()["evaluation"]["job"]["status"] == "running"
    done = poll(client, world["token"], f"{API}/runs/{run['_id']}?results=0",
                lambda r: r["evaluation"]["job"]["status"] != "running")  # fmt: skip
    ev = done["evaluation"]
    assert ev["job"]["status"] == "done" and ev["score"] == 72 and ev["job"]["attempts"] == 1
    misrouted, cost, risk = ev["findings"]
    assert misrouted["testCaseId"] == run["results"][1]["testCaseId"]
    assert misrouted["target"] == {"kind": "category", "categoryId": str(cat.id), "category": "translation"}
    assert risk["target"] == {
        "kind": "override",
        "tenantId": str(world["tenant"].id),
        "override": "domainGate",
    }
    assert ev["costSuggestions"] == ["SQL can use a cheaper tier."] and cost["target"]["kind"] == "category"
    after = _finished_run(client, world, sid, label="after")
    side = call(client, "GET", f"{API}/compare?runIds={run['_id']},{after['_id']}", world["token"]).get_json()
    assert [r["_id"] for r in side["runs"]] == [run["_id"], after["_id"]] and len(side["cases"]) == 6
    assert side["changedCases"] == 0 and side["deltas"]["tierMatches"] == 0
    listed = call(client, "GET", f"{API}/runs?suiteId={sid}", world["token"]).get_json()
    assert [r["_id"] for r in listed] == [after["_id"], run["_id"]] and "results" not in listed[0]
    exported = call(client, "GET", f"{API}/suites/{sid}/export", world["token"])
    assert (
        exported.mimetype == "application/x-ndjson"
        and "attachment" in exported.headers["Content-Disposition"]
    )
    items = load_items(exported.get_data(as_text=True).splitlines())
    assert len(items) == 6 and {i.category for i in items} == {"translation", "sql_generation"}
    assert items[0].request["messages"][-1]["content"] == suite["testCases"][0]["prompt"]


def test_cases_by_hand_and_jsonl_import(client, world):
    sid = _suite(client, world["token"], "Hand")
    line = orjson.dumps({"id": "x-1", "endpoint": "/chat/completions", "category": "translation",
                         "request": {"messages": [{"role": "system", "content": "You translate."},
                                                  {"role": "user", "content": "Translate 'cat' to German"}]},
                         "tier_min": "minimal", "tier_max": "low"}).decode()  # fmt: skip
    res = call(client, "POST", f"{API}/suites/{sid}/cases", world["token"],
               json={"testCases": [{"prompt": "hello", "expectedCategory": "smalltalk"}], "jsonl": line})  # fmt: skip
    assert res.status_code == 201 and res.get_json()["added"] == 2
    case = res.get_json()["suite"]["testCases"][1]
    assert case["systemPrompt"] == "You translate." and case["expectedTierMax"] == "low"
    bad = call(client, "POST", f"{API}/suites/{sid}/cases", world["token"], json={"jsonl": "{not json"})
    assert bad.status_code == 400 and "line 1" in bad.get_json()["error"]
