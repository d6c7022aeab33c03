"""Model selection (routing.md §10): scoring, context fit, tier walks, recommendation, defaults."""

from __future__ import annotations

from model_prism.routing.categories import CategoryCatalog
from model_prism.routing.context import RoutingContext
from model_prism.routing.environment import RouteOptions
from model_prism.routing.scoring import score, weights_for
from model_prism.routing.selection import selection_stage
from model_prism.routing.signals import Signals
from tests.unit.routing.builders import BENCH, MODELS, make_env, model


def ctx(models=MODELS, opts=None, categories=None, **f):
    env = make_env(
        models=models, categories=categories, rule_set={"name": "r", "costMode": f.pop("mode", "balanced")}
    )
    base = {"cost_tier": "medium", "category": "coding_medium", "signals": Signals(total_tokens=100)}
    return RoutingContext(
        request={}, endpoint="/chat/completions", env=env, opts=opts or RouteOptions(), **{**base, **f}
    )


def test_weights_lookup_exact_prefix_and_default():
    assert weights_for("coding_autocomplete") == (0.1, 0.4, 0.0, 0.5)
    assert weights_for("coding_medium") == (0.2, 0.6, 0.1, 0.1)
    assert weights_for("financial_analysis") == (0.6, 0.1, 0.1, 0.2)
    assert weights_for("unknown_key") == (0.4, 0.2, 0.1, 0.3)


def test_score_formula_and_cost_exponents():
    m = model("m", "medium", 2.0)  # cost 4
    q = 0.2 * 80 + 0.6 * 80 + 0.1 * 70 + 0.1 * 60
    assert score(m, "coding_medium", "balanced") == q / 4
    assert score(m, "coding_medium", "economy") == q / 16
    assert score(model("free", "medium", 0.0), "coding_medium", "balanced") == q * 1000
    assert score(model("nobench", "medium", benchmarks={}), "coding_medium", "balanced") == 0.0


def test_best_price_performance_wins_and_ties_go_to_priority():
    cheap, dear = model("cheap", "medium", 0.5), model("dear", "medium", 3.0)
    out = selection_stage(ctx(models=(dear, cheap)))
    assert out.model_id == "cheap" and out.selection_method == "benchmark_balanced"
    a, b = model("a", "medium", 1.0, priority=10), model("b", "medium", 1.0, priority=90)
    assert selection_stage(ctx(models=(a, b))).model_id == "b"


def test_context_fit_and_tier_walk_up_then_down():
    short = model("short", "medium", 1.0, window=8000)
    big = model("roomy", "advanced", 2.0, window=200000)
    out = selection_stage(ctx(models=(short, big), signals=Signals(total_tokens=50000)))
    assert (
        out.model_id == "roomy"
        and out.labels == ("context_tier_upgrade_advanced",)
        and out.cost_tier == "advanced"
    )
    only_low = (model("lowonly", "low", 0.3),)
    down = selection_stage(ctx(models=only_low, cost_tier="high"))
    assert down.model_id == "lowonly" and down.labels == ("tier_unavailable_fallback_low",)


def test_recommendation_bounds():
    assert selection_stage(ctx(recommended_model="adv")).selection_method == "classifier_recommendation"
    assert selection_stage(ctx(recommended_model="huge")).selection_method == "benchmark_balanced"  # target+2
    assert (
        selection_stage(ctx(recommended_model="small")).selection_method == "benchmark_balanced"
    )  # below target


def test_category_default_needs_matching_tier_and_tenant_default_last():
    docs = [{"key": "coding_medium", "name": "C", "costTier": "medium", "defaultModel": "mid"}]
    cats = CategoryCatalog.from_docs(docs)
    assert selection_stage(ctx(categories=cats)).selection_method == "category_default"
    assert selection_stage(ctx(categories=cats, cost_tier="high")).selection_method == "benchmark_balanced"
    out = selection_stage(ctx(models=()))
    assert out.selection_method == "tenant_default" and out.model_id is None


def test_warm_session_model_is_kept_for_agent_continuations():
    opts = RouteOptions(session_sticky_model="big")
    tools = Signals(total_tokens=100, has_tool_history=True)
    assert selection_stage(ctx(opts=opts, signals=tools)).model_id == "big"
    assert selection_stage(ctx(opts=opts, signals=tools)).selection_method == "session_cache_sticky"
    assert selection_stage(ctx(opts=opts)).model_id != "big"  # not an agent continuation
    assert (
        selection_stage(ctx(opts=RouteOptions(session_sticky_model="small"), signals=tools)).model_id
        != "small"
    )


def test_trace_lists_top_candidates():
    out = selection_stage(ctx())
    note = out.trace[-1].data
    assert (
        note["model"] == "mid"
        and note["method"] == "benchmark_balanced"
        and note["candidates"][0]["id"] == "mid"
    )
    assert BENCH["coding"] == 80


def test_capability_fit_skips_models_that_cannot_see_images_or_call_tools():
    blind = model("blind", "medium", 0.5, capabilities=frozenset({"tools"}))
    seeing = model("seeing", "medium", 3.0, capabilities=frozenset({"vision", "tools"}))
    unknown = model("unknown", "advanced", 1.0)
    out = selection_stage(
        ctx(models=(blind, seeing, unknown), signals=Signals(total_tokens=100, has_images=True))
    )
    assert out.model_id == "seeing"
    plain = selection_stage(ctx(models=(blind, seeing)))
    assert plain.model_id == "blind"


def test_ranking_kept_on_the_environment_still_checks_each_requests_context_fit():
    from dataclasses import replace

    best_short = model("cheap-short", "medium", 0.5, window=8000)
    roomy = model("dear-roomy", "medium", 3.0, window=200000)
    small = ctx(models=(best_short, roomy))
    assert selection_stage(small).model_id == "cheap-short"
    big = RoutingContext(
        request={}, endpoint="/chat/completions", env=small.env, opts=RouteOptions(),
        cost_tier="medium", category="coding_medium", signals=Signals(total_tokens=50000),
    )  # fmt: skip
    assert selection_stage(big).model_id == "dear-roomy"  # same env, same ranking key, other fit
    assert selection_stage(small).model_id == "cheap-short"
    swapped = replace(small.env, models=(roomy,))
    assert swapped.memo == {}  # a changed copy does not inherit the ranking
    assert selection_stage(replace(small, env=swapped)).model_id == "dear-roomy"
