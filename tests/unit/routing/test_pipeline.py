"""route_request end to end: the spec's edge cases, the trace and the three result views."""

from __future__ import annotations

import json

import pytest

from model_prism.routing import RouteOptions, RoutingUnavailable, route_request
from tests.unit.routing.builders import CLASSIFIER_ROUTING, ScriptedClassifier, chat, make_env

IMG = {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}
TOOLS = [
    {"type": "function", "function": {"name": n, "parameters": {}}}
    for n in ("read_file", "edit_file", "bash")
]


def route(body, env=None, endpoint="/chat/completions", **opts):
    return route_request(body, endpoint, env or make_env(), RouteOptions(**opts))


def test_fim_on_chat_goes_to_micro_autocomplete_without_overrides_or_prompt():
    env = make_env(rule_set={"name": "q", "costMode": "quality", "tierBoost": 2})
    res = route(chat("<|fim_begin|>def f():<|fim_hole|><|fim_end|>", tools=TOOLS), env)
    assert (res.category, res.cost_tier, res.model_id) == ("coding_autocomplete", "micro", "tiny-fim")
    assert res.reason == "Pre-routed via fim_detection" and res.override_applied == ""
    assert res.system_prompt_for_category is None
    assert [e.stage for e in res.trace][:3] == ["signals", "fast_path", "local_classifier"] or res.trace[
        1
    ].data["fim"]


def test_legacy_completions_endpoint_is_fim():
    res = route({"prompt": "def add(a, b):\n    ", "suffix": "\n"}, endpoint="/completions")
    assert res.category == "coding_autocomplete" and res.decided_by == "fim"


def test_title_generation_is_capped_even_with_security_words():
    body = chat(
        "Generate a title for this chat: user found an XSS and a CSRF vulnerability in the login form"
    )
    res = route(body)
    assert res.category == "chat_title_generation" and res.cost_tier in ("micro", "minimal")


def test_tool_continuation_is_agentic_and_never_below_session_floor():
    body = {"messages": [{"role": "system", "content": "You are a coding agent in the user's repo."},
                         {"role": "user", "content": "fix the failing build"},
                         {"role": "assistant", "content": None, "tool_calls": [{"id": "1", "type": "function"}]},
                         {"role": "tool", "tool_call_id": "1", "content": "ok"}], "tools": TOOLS}  # fmt: skip
    res = route(body, session_tier_floor="ultra")
    assert res.signals.is_tool_output_continuation and res.category == "swe_agentic"
    assert res.cost_tier == "ultra" and "agent_session_floor" in res.override_applied
    assert res.to_debug_record()["routingSignals"]["isToolOutputContinuation"] is True


def test_vision_request_routes_to_vision_category_and_upgrade_for_text_categories():
    res = route(
        {
            "messages": [
                {"role": "user", "content": [{"type": "text", "text": "What does this sign say?"}, IMG]}
            ]
        }
    )
    assert res.category == "vision_simple" and res.has_image and "vision_upgrade" not in res.override_applied
    said = json.dumps({"category": "smalltalk_simple", "confidence": 0.9, "cost_tier": "minimal"})
    env = make_env(local=False, llm=ScriptedClassifier([said]), routing=CLASSIFIER_ROUTING)
    res = route({"messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}, IMG]}]}, env)
    assert res.override_applied == "vision_upgrade" and res.cost_tier == "low"


def test_long_context_goes_to_long_context_processing_and_fits_windows():
    body = chat("Go through this entire log and find the incident:\n" + "line of log text here\n" * 12000)
    res = route(body)
    assert res.signals.total_tokens > 50000
    assert res.category == "long_context_processing" and res.cost_tier in ("advanced", "high")


def test_frustration_upgrades_one_tier():
    ask = (
        "My Flask route {} returns 404 for /api/users after I registered the users blueprint, what is wrong?"
    )
    base = route(chat(ask.format("now")))
    angry = route(chat(ask.format("still doesn't work, it")))
    assert "frustration_upgrade" in angry.override_applied
    assert angry.tier_progression["final"] != base.tier_progression["final"] or base.cost_tier == "critical"


def test_budget_cap_forces_economy():
    res = route(chat("Write unit tests for this parser with edge cases"), budget_cost_mode="economy")
    assert "budget_guard_economy" in res.override_applied
    assert res.tier_progression["afterCostMode"] != res.tier_progression.get("afterOverrides")
    assert res.selection_method == "benchmark_economy"


def test_llm_classifier_called_only_below_threshold_and_result_used():
    fake = ScriptedClassifier([json.dumps({"category": "sql_generation", "confidence": 0.8, "cost_tier": "low",
                                           "recommended_model": "small", "reasoning": "sql"})])  # fmt: skip
    env = make_env(llm=fake, routing=CLASSIFIER_ROUTING, local=False)
    res = route(chat("something vague"), env)
    assert res.classifier_called and res.category == "sql_generation" and res.model_id == "small"
    assert res.selection_method == "classifier_recommendation" and res.routing_cost_usd == 0.001
    sure = route(
        chat("Translate into German: good morning"),
        make_env(llm=ScriptedClassifier([]), routing=CLASSIFIER_ROUTING),
    )
    assert not sure.classifier_called and sure.category == "translation"


def test_dry_run_skips_the_classifier_unless_asked():
    fake = ScriptedClassifier([])
    env = make_env(llm=fake, routing=CLASSIFIER_ROUTING, local=False, rule_set=None)
    res = route(chat("hello there"), env, dry_run=True)
    assert fake.calls == [] and res.reason == "token_fallback (dry-run)"
    decision = next(e for e in res.trace if e.stage == "classifier_decision")
    assert decision.data == {"decision": "dry-run", "reason": "Dry-run mode (useClassifier=false)"}


def test_routing_unavailable_without_rules_local_or_classifier():
    with pytest.raises(RoutingUnavailable):
        route(chat("hello"), make_env(rule_set=None, local=False))


def test_trace_debug_record_and_auto_routing_views_agree():
    res = route(chat("Write a Dockerfile for a FastAPI app"), prev_session_fill_pct=0.9)
    names = [e.name for e in res.trace]
    assert names[0] == "Signal Extraction" and names[-2:] == ["Model Selection", "Target System Prompt"]
    assert "Session Context Fill" in names and [e.step for e in res.trace] == list(range(1, len(names) + 1))
    rec = res.to_debug_record()
    assert rec["category"] == res.category == "devops_infrastructure" and rec["isAutoRouted"]
    assert rec["routingSignals"]["prevSessionFillPct"] == 0.9
    assert rec["routingSignals"]["tierProgression"]["final"] == res.cost_tier
    ar = res.auto_routing("prov")
    assert ar["model_id"] == ar["selected_model"] == res.model_id and ar["provider"] == "prov"
    assert "session_context_upgrade(90%)" in ar["overrides"]
    assert res.receipt_headers()["x-model-prism-category"] == "devops_infrastructure"
    explained = res.explain("prov")
    assert explained["summary"]["finalModel"] == res.model_id and explained["auto_routing"] == ar
    assert json.loads(json.dumps(explained))["trace"][0]["name"] == "Signal Extraction"


def test_category_target_system_prompt_is_exposed():
    res = route(
        chat("Why does this throw a NullPointerException?\n\njava.lang.NullPointerException at Foo.bar")
    )
    assert res.category == "error_debugging"
    assert res.system_prompt_for_category.startswith("You are a debugging specialist.")
    assert route(chat("Hi!")).system_prompt_for_category is None


def test_local_verdict_above_threshold_skips_the_llm_and_below_it_asks():
    from model_prism.routing.ports import LocalVerdict
    from model_prism.routing.twins import FixedLocalClassifier, classifier_json

    sure = FixedLocalClassifier(LocalVerdict("sql_generation", 0.9, "fixed", (("sql_generation", 9.0),)))
    llm = ScriptedClassifier([classifier_json("email_professional", cost_tier="minimal")])
    from dataclasses import replace

    env = replace(make_env(llm=llm, routing=CLASSIFIER_ROUTING), local_classifier=sure)
    res = route(chat("whatever"), env)
    assert res.category == "sql_generation" and res.decided_by == "local" and llm.calls == []
    unsure = replace(env, local_classifier=FixedLocalClassifier(LocalVerdict("sql_generation", 0.4, "fixed")))
    res = route(chat("whatever"), unsure)
    assert res.category == "email_professional" and res.decided_by == "llm" and len(llm.calls) == 1
