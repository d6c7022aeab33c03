"""Loads the routing seed data shipped in model_prism/data/routing (read once, cached)."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any


def _data_dir():
    return resources.files("model_prism").joinpath("data", "routing")


@functools.cache
def load_json(name: str) -> Any:
    """Give the parsed JSON file `name` from the routing seed data folder."""
    return json.loads(_data_dir().joinpath(name).read_text(encoding="utf-8"))


def read_text(name: str) -> str:
    """Give the raw text of a seed data file (used for .jsonl files)."""
    return _data_dir().joinpath(name).read_text(encoding="utf-8")


def category_seeds() -> list[dict[str, Any]]:
    """Give the 52 built-in category documents (camelCase, with targetSystemPrompt)."""
    return load_json("categories.json")["categories"]


def startup_rule_set() -> dict[str, Any]:
    """Give the protected default rule set created at control-plane start (routing.md §4.4)."""
    return load_json("rule_set_seeds.json")["startupDefaultRuleSet"]


def rule_set_seed(name: str) -> dict[str, Any]:
    """Give one named rule-set seed (startupDefaultRuleSet, seedDefaultsEndpointRuleSet, optional…)."""
    return load_json("rule_set_seeds.json")[name]


def signal_patterns() -> dict[str, Any]:
    """Give the signal pattern data (routing.md §3)."""
    return load_json("signal_patterns.json")


def preset_profiles() -> list[dict[str, Any]]:
    """Give the preset profiles (routing.md §14) with their descriptions."""
    return load_json("preset_profiles.json")["profiles"]


def eval_catalog() -> list[dict[str, Any]]:
    """Give the registry-derived model catalog used by the evaluation harness."""
    return load_json("eval_catalog.json")["models"]
