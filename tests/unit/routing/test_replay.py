"""Replay of stored requests against a candidate rule set."""

from __future__ import annotations

from model_prism.routing import seeds
from model_prism.routing.replay import ReplayItem, replay
from tests.unit.routing.builders import chat, make_env


def test_candidate_rule_set_in_economy_mode_changes_models_and_lowers_cost():
    items = [
        ReplayItem("r1", chat("Write a Dockerfile for a Go service"), input_tokens=500, output_tokens=300),
        ReplayItem("r2", chat("Hi there!")),
        ReplayItem("r3", {"prompt": "def f(", "suffix": ")"}, "/completions"),
    ]
    current = make_env()
    candidate = make_env(rule_set={**seeds.startup_rule_set(), "costMode": "economy"})
    report = replay(items, current, candidate)
    assert report.replayed == 3 and report.model_changes == 2 and report.category_changes == 0
    assert report.cost_candidate_usd < report.cost_current_usd
    ids = [c.request_id for c in report.changes]
    assert ids == ["r1", "r2"]  # FIM is not shifted by cost modes
    d = report.to_dict()
    assert d["costDeltaUsd"] < 0 and d["changes"][0]["current"]["tier"] == "medium"


def test_identical_configuration_changes_nothing():
    env = make_env()
    report = replay([ReplayItem("a", chat("Translate to French: thanks"))], env, env)
    assert report.changes == () and report.cost_current_usd == report.cost_candidate_usd
