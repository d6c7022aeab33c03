"""LLM classifier: prompts, context strategies, parsing, the chain and the token fallback (routing.md §6)."""

from __future__ import annotations

import json

from model_prism.routing import classifier as llm
from model_prism.routing import classifier_prompt as prompts
from model_prism.routing.categories import CategoryCatalog
from model_prism.routing.signals import extract_signals
from tests.unit.routing.builders import CLASSIFIER_ROUTING, MODELS, ScriptedClassifier, chat, make_env

CATS = CategoryCatalog.builtin()


def reply(**kw) -> str:
    return json.dumps({"category": "coding_medium", "confidence": 0.9, "cost_tier": "medium", **kw})


def test_system_prompt_lists_categories_models_and_format():
    text = prompts.system_prompt(CATS, MODELS)
    assert "- coding_autocomplete [micro] — Examples: Complete the function body" in text
    assert "- tiny-fim [micro] — in:$0.05/out:$0.05/1M" in text
    assert '"recommended_model"' in text and text.index("## Categories") < text.index("## Available Models")


def test_context_strategies_and_limits():
    sig = extract_signals(chat("x" * 10000, system="You are an IDE helper"))
    meta = prompts.user_context(sig, [], "metadata_only", 1000, None)
    assert meta == f"[CONTEXT_SIGNALS: {sig.metadata_summary}]"
    msgs = [{"role": "user", "content": "x" * 10000}]
    trunc = prompts.user_context(sig, msgs, "truncate", 1000, "Coding Agent / SWE")
    assert trunc.startswith("[System]: You are an IDE helper") and "…" in trunc and "[HINT:" in trunc
    assert len(trunc) < 4000
    assert prompts.context_limit(32000, 6000) == 6000
    assert prompts.context_limit(None, 0) == 126000
    assert prompts.context_limit(2500, 0) == 1000


def test_parse_fenced_and_bare_json_with_validation():
    sig = extract_signals(chat("hi"))
    d = llm.parse_reply(
        "```json\n" + reply(confidence=3, recommended_model="mid") + "\n```", CATS, sig, frozenset({"mid"})
    )
    assert d.category == "coding_medium" and d.confidence == 1.0 and d.recommended_model == "mid"
    d = llm.parse_reply(
        "Sure: " + reply(category="nope", cost_tier="bogus", recommended_model="x"), CATS, sig, frozenset()
    )
    assert d.cost_tier == "medium" and d.category == "document_qa" and d.recommended_model is None


def test_chain_falls_back_to_next_then_to_tokens():
    fake = ScriptedClassifier([RuntimeError("down"), "not json at all", reply(category="sql_generation")])
    routing = {
        **CLASSIFIER_ROUTING,
        "classifierFallbacks": [{"model": "b", "provider": "p"}, {"model": "c", "provider": "p"}],
    }
    env = make_env(llm=fake, routing=routing)
    d = llm.classify(env, extract_signals(chat("q")), chat("q"), "/chat/completions", None)
    assert (
        d.category == "sql_generation"
        and d.model == "c"
        and [c["model"] for c in fake.calls] == ["judge", "b", "c"]
    )
    fake = ScriptedClassifier([RuntimeError("down")])
    d = llm.classify(
        make_env(llm=fake, routing=CLASSIFIER_ROUTING),
        extract_signals(chat("q")),
        chat("q"),
        "/chat/completions",
        None,
    )
    assert d.fallback and d.reason == "token_fallback (RuntimeError)" and d.cost_tier == "micro"


def test_token_fallback_tiers():
    from model_prism.routing.signals import Signals

    got = [
        llm.token_fallback(Signals(total_tokens=t), "x").cost_tier
        for t in (10, 600, 2500, 9000, 20000, 60000)
    ]
    assert got == ["micro", "minimal", "low", "medium", "advanced", "high"]


def test_summary_strategy_summarises_long_conversations_and_adds_cost():
    rs = {"name": "s", "classifier": {"contextStrategy": "summary", "contextLimitTokens": 1000}}
    fake = ScriptedClassifier(["The user wants a SQL report.", reply()])
    env = make_env(llm=fake, routing=CLASSIFIER_ROUTING, rule_set=rs)
    body = chat("y " * 5000)
    d = llm.classify(env, extract_signals(body), body, "/chat/completions", None)
    assert fake.calls[1]["user"].startswith("[Summary]: The user wants a SQL report.")
    assert d.cost_usd == 0.002 and d.input_tokens == 200
