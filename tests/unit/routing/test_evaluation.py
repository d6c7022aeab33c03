"""The quality harness: metrics, the CLI entry point and the targets on the dev set."""

from __future__ import annotations

from pathlib import Path

import pytest

from model_prism.routing import seeds
from model_prism.routing.eval_env import default_eval_environment, local_status
from model_prism.routing.evaluation import EvalItem, evaluate, load_items, main

REPO = Path(__file__).resolve().parents[3]
DEV_SET = REPO.parent / "shared" / "data" / "routing-dev.jsonl"


def test_metrics_on_hand_made_items():
    env = default_eval_environment(local="lexical")
    items = [
        EvalItem(
            "a",
            "/chat/completions",
            {"messages": [{"role": "user", "content": "Translate to German: hello"}]},
            "translation",
            (),
            "minimal",
            "low",
        ),  # fmt: skip
        EvalItem(
            "b",
            "/chat/completions",
            {"messages": [{"role": "user", "content": "Translate to German: hello"}]},
            "legal_analysis",
            (),
            "high",
            "critical",
        ),  # fmt: skip
    ]
    r = evaluate(items, env)
    assert r.label == "lexical cues only"
    assert evaluate([{"category": "translation", "request": items[0].request}], env).accuracy == 1.0
    assert r.accuracy == 0.5 and r.under_rate == 0.5 and r.over_rate == 0.0 and r.tier_agreement == 0.5
    assert r.confusions() == {"legal_analysis": {"translation": 1}}
    assert 0 < r.macro_f1 < 1 and r.llm_share == 0.0


def test_main_prints_report_for_the_starter_set(tmp_path, capsys):
    path = tmp_path / "starter.jsonl"
    path.write_text(seeds.read_text("starter_eval.jsonl"), encoding="utf-8")
    assert main([str(path), "--no-embedding", "--misses", "3"]) == 0
    out = capsys.readouterr().out
    for label in ("category accuracy", "macro-F1", "tier within labelled range", "under-routing", "Confusion",
                  "LLM classifier share", "est. cost vs baseline"):  # fmt: skip
        assert label in out
    assert main([str(tmp_path / "missing.jsonl")]) == 2
    assert main(["--no-embedding", "--misses", "0"]) == 0  # no file: the shipped starter set
    count = len(seeds.read_text("starter_eval.jsonl").splitlines())
    assert f"{count} requests" in capsys.readouterr().out


def test_starter_set_quality_floor():
    env = default_eval_environment(local="lexical")
    r = evaluate(load_items(seeds.read_text("starter_eval.jsonl").splitlines()), env)
    assert r.accuracy >= 0.85 and r.tier_agreement >= 0.9


@pytest.mark.skipif(not DEV_SET.exists(), reason="dev set ../shared/data/routing-dev.jsonl not present")
@pytest.mark.parametrize("local", ["lexical", "auto"])
def test_dev_set_targets_without_llm_classifier(local):
    env = default_eval_environment(local=local)
    status = local_status(env)
    r = evaluate(load_items(DEV_SET.read_text(encoding="utf-8").splitlines()), env)
    assert r.llm_share == 0.0
    assert r.accuracy >= 0.80, status
    assert r.tier_agreement >= 0.90, status
    assert r.trivial_above_low == [], [o.item.id for o in r.trivial_above_low]
