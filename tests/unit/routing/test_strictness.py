"""Force-route strictness (routing.md §9): decision helper, opt-out token, fim_only and smart keeps."""

from __future__ import annotations

from model_prism.routing import (
    RouteOptions,
    decide_force_route,
    route_request,
    strip_opt_out,
    tier_cap_exceeded,
)
from model_prism.routing.fastregex import GatedRegex
from tests.unit.routing.builders import chat, make_env

TOKEN = "--model-prism-accept-model"


def test_opt_out_token_is_found_only_in_last_genuine_user_message_and_stripped():
    body = {"messages": [{"role": "user", "content": f"old {TOKEN}"}, {"role": "assistant", "content": "x"},
                         {"role": "user", "content": [{"type": "text", "text": f"please {TOKEN} review"}]}]}  # fmt: skip
    new, found = strip_opt_out(body, TOKEN)
    assert found and new["messages"][2]["content"][0]["text"] == "please review"
    assert body["messages"][2]["content"][0]["text"].endswith("review") and TOKEN in str(
        body
    )  # input untouched
    only = strip_opt_out(chat(TOKEN), TOKEN)[0]
    assert only["messages"][0]["content"] == "."
    assert strip_opt_out(chat("no token"), TOKEN) == (chat("no token"), False)
    assert strip_opt_out(chat(TOKEN), "")[1] is False  # empty token disables the feature


def test_decide_force_route_modes():
    d = decide_force_route(chat("hi"), "gpt-4o", "off", TOKEN)
    assert not d.route and d.strictness_mode is None
    d = decide_force_route(chat("hi"), "gpt-4o", "smart", TOKEN)
    assert d.route and d.strictness_mode == "smart" and d.user_selected_model == "gpt-4o"
    d = decide_force_route(chat("hi"), "gpt-4o", "all", TOKEN)
    assert d.route and d.strictness_mode is None and d.user_selected_model is None
    d = decide_force_route(chat(f"hi {TOKEN}"), "gpt-4o", "all", TOKEN)
    assert not d.route and d.opted_out and d.labels == ("force_route_opt_out",)
    assert d.body["messages"][0]["content"] == "hi"
    d = decide_force_route(chat(f"hi {TOKEN}"), "auto", "all", TOKEN)
    assert d.route and not d.opted_out and d.body["messages"][0]["content"] == "hi"


def test_tier_cap():
    assert tier_cap_exceeded("high", "medium") and not tier_cap_exceeded("low", "medium")
    assert not tier_cap_exceeded("high", None)


def test_fim_only_keeps_user_model_for_non_fim_and_reroutes_fim():
    env = make_env()
    opts = RouteOptions(strictness_mode="fim_only", user_selected_model="big")
    kept = route_request(chat("Explain monads"), "/chat/completions", env, opts)
    assert kept.model_id == "big" and kept.selection_method == "strictness_keep_user"
    assert (
        kept.override_applied == "strictness_fim_only" and kept.cost_tier == "high" and kept.category is None
    )
    fim = route_request(chat("<fim_prefix>x<fim_suffix>"), "/chat/completions", env, opts)
    assert fim.category == "coding_autocomplete" and fim.model_id == "tiny-fim"
    missing = route_request(chat("Explain monads"), "/chat/completions", env,
                            RouteOptions(strictness_mode="fim_only", user_selected_model="nope"))  # fmt: skip
    assert missing.selection_method.startswith("benchmark_")


def test_smart_keeps_deliberate_choice_for_substantial_categories_only():
    env = make_env()
    opts = RouteOptions(strictness_mode="smart", user_selected_model="huge")
    substantial = route_request(chat("Refactor this module into a plugin architecture with extensible strategies"),
                                "/chat/completions", env, opts)  # fmt: skip
    assert substantial.model_id == "huge" and substantial.selection_method == "strictness_smart_keep_user"
    assert "strictness_smart" in substantial.override_applied and substantial.cost_tier == "ultra"
    step = next(e for e in substantial.trace if e.stage == "smart_strictness")
    assert step.data["substantial"] and step.data["kept"]
    trivial = route_request(chat("Thanks a lot, bye!"), "/chat/completions", env, opts)
    assert trivial.category == "smalltalk_simple" and trivial.model_id != "huge"


def test_smart_does_not_keep_a_model_whose_window_is_too_small():
    from tests.unit.routing.builders import MODELS, model

    env = make_env(models=(*MODELS, model("narrow", "high", 5.0, window=1000)))
    opts = RouteOptions(strictness_mode="smart", user_selected_model="narrow")
    res = route_request(chat("Refactor this module: " + "code " * 3000), "/chat/completions", env, opts)
    assert res.model_id != "narrow"


def test_the_genuine_turn_check_reads_only_the_start_of_a_long_message(monkeypatch):
    searched: list[int] = []
    search = GatedRegex.search
    monkeypatch.setattr(GatedRegex, "search", lambda self, text, lowered=None: searched.append(len(text)) or search(self, text, lowered))  # fmt: skip
    long = "explain this log\n" + "line of output\n" * 2000 + TOKEN
    body = {"messages": [{"role": "user", "content": long}]}
    new, found = strip_opt_out(body, TOKEN)
    assert found and new["messages"][0]["content"].endswith("line of output")
    assert searched and max(searched) <= 200  # the exclusions are anchored: a 32 KB prompt is not lower-cased
    tool_output = {"messages": [{"role": "user", "content": f"ask {TOKEN}"},
                                {"role": "user", "content": "[Tool result for grep]\n" + "x\n" * 5000 + TOKEN}]}  # fmt: skip
    new, found = strip_opt_out(tool_output, TOKEN)
    assert found and new["messages"][0]["content"] == "ask" and new["messages"][1]["content"].endswith(TOKEN)
