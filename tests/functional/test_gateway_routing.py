"""Auto-routing end to end through the app: the routing engine picks a demo model and explains itself."""

from __future__ import annotations

import pytest

from model_prism.models import RequestLog
from model_prism.routing.tiers import idx
from model_prism.services import seeding
from tests.factories import make_provider, make_tenant


@pytest.fixture
def routed(state):
    seeding.ensure_categories()
    seeding.ensure_default_rule_set()
    demo = make_provider(state, name="Demo", type="demo")
    _, key = make_tenant(providers_=[demo], routing={"enabled": True, "baselineModel": "demo-max"})
    return key


def ask(client, key, content, **extra):
    body = {"model": "auto", "messages": [{"role": "user", "content": content}], **extra}
    return client.post(
        "/api/team-a/v1/chat/completions", json=body, headers={"Authorization": f"Bearer {key}"}
    )


def test_smalltalk_goes_cheap_and_a_hard_task_goes_higher(client, routed, flush):
    small = ask(client, routed, "hi, how are you today?").get_json()
    hard = ask(
        client,
        routed,
        "Design a distributed, multi-region event-sourcing architecture for a payments system with exactly-once "
        "semantics; compare consistency models, failure modes, and give a migration plan from our monolith.",
    ).get_json()
    assert idx(small["auto_routing"]["cost_tier"]) <= idx("low")
    assert idx(hard["auto_routing"]["cost_tier"]) > idx(small["auto_routing"]["cost_tier"])
    assert small["auto_routing"]["selection_method"]
    assert small["cost_info"]["baseline_model"] == "demo-max" and small["cost_info"]["saved"] > 0
    flush()
    logs = {log.routedModel: log for log in RequestLog.objects}
    entry = logs[small["model"]]
    assert entry.isAutoRouted and entry.category == small["auto_routing"]["category"]
    assert entry.routingSignals["trace"] and entry.routingSignals["selectionMethod"]


def test_receipt_headers_explain_the_choice(client, routed):
    res = ask(
        client, routed, "Write a Python function that parses an ISO date string and returns a datetime."
    )
    assert res.headers["x-model-prism-model"] == res.get_json()["model"]
    assert res.headers["x-model-prism-category"] == res.get_json()["auto_routing"]["category"]
    assert res.headers["x-model-prism-tier"] == res.get_json()["auto_routing"]["cost_tier"]


def test_force_route_all_routes_a_concrete_model_and_measures_savings_against_it(client, state):
    seeding.ensure_categories()
    seeding.ensure_default_rule_set()
    demo = make_provider(state, name="Demo", type="demo")
    _, key = make_tenant(
        slug="forced", providers_=[demo], routing={"enabled": True, "forceAutoRouteMode": "all"}
    )
    res = client.post(
        "/api/forced/v1/chat/completions",
        json={"model": "demo-ultra", "messages": [{"role": "user", "content": "thanks!"}]},
        headers={"Authorization": f"Bearer {key}"},
    ).get_json()
    assert res["model"] != "demo-ultra"
    assert res["cost_info"]["baseline_model"] == "demo-ultra" and res["cost_info"]["saved"] > 0
    opt_out = client.post(
        "/api/forced/v1/chat/completions",
        json={
            "model": "demo-ultra",
            "messages": [{"role": "user", "content": "thanks! --model-prism-accept-model"}],
        },
        headers={"Authorization": f"Bearer {key}"},
    ).get_json()
    assert opt_out["model"] == "demo-ultra" and "auto_routing" not in opt_out


def test_route_explain_runs_the_pipeline_without_calling_the_model(client, routed, flush):
    body = {"model": "auto", "messages": [{"role": "user", "content": "hello there"}]}
    res = client.post(
        "/api/team-a/v1/route/explain", json=body, headers={"Authorization": f"Bearer {routed}"}
    )
    assert res.status_code == 200
    doc = res.get_json()
    assert doc["auto_routing"]["model_id"] == doc["model"]
    assert any(step.get("stage") for step in doc["trace"])
    stages = [s["stage"] for s in doc["gateway_trace"]]
    assert stages.index("authenticate") < stages.index("validate") < stages.index("route")
    flush()
    assert RequestLog.objects.count() == 0
    fim = {
        "endpoint": "/completions",
        "model": "auto",
        "prompt": "def add(a, b):\n    ",
        "suffix": "\n\nprint(add(1, 2))",
    }
    doc = client.post(
        "/api/team-a/v1/route/explain", json=fim, headers={"Authorization": f"Bearer {routed}"}
    ).get_json()
    assert doc["endpoint"] == "/completions" and doc["auto_routing"]["category"] == "coding_autocomplete"


def test_agent_session_keeps_its_tier_on_tool_result_turns(client, routed):
    headers = {"Authorization": f"Bearer {routed}", "x-session-id": "agent-1"}
    tools = [
        {
            "type": "function",
            "function": {"name": "read_file", "parameters": {"type": "object", "properties": {}}},
        }
    ]
    first = {
        "model": "auto",
        "tools": tools,
        "messages": [
            {
                "role": "user",
                "content": "Prove rigorously that the halting problem is undecidable, then formally verify the "
                "lemma in Lean 4 step by step with a complete proof.",
            },
        ],
    }
    answer = client.post("/api/team-a/v1/chat/completions", json=first, headers=headers).get_json()[
        "auto_routing"
    ]
    tier_first, first_model = answer["cost_tier"], answer["model_id"]
    follow = {
        **first,
        "messages": [{"role": "user", "content": "list the files"}]
        + [
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {"id": "c1", "type": "function", "function": {"name": "read_file", "arguments": "{}"}}
                ],
            },
            {"role": "tool", "tool_call_id": "c1", "content": "ok"},
        ],
    }
    fresh = client.post(
        "/api/team-a/v1/chat/completions", json=follow, headers={**headers, "x-session-id": "other"}
    )
    routed_follow = client.post("/api/team-a/v1/chat/completions", json=follow, headers=headers).get_json()[
        "auto_routing"
    ]
    assert idx(fresh.get_json()["auto_routing"]["cost_tier"]) < idx(
        tier_first
    )  # without the session's memory
    assert idx(routed_follow["cost_tier"]) >= idx(tier_first)
    assert (
        routed_follow["model_id"] == first_model or "agent_session_floor" in routed_follow["override_applied"]
    )
