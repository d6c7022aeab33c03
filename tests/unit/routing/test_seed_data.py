"""The project's routing seed data: categories, target prompts, rule sets, presets, examples, starter set."""

from __future__ import annotations

import json

from model_prism.routing import seeds, tiers
from model_prism.routing.categories import CategoryCatalog
from model_prism.routing.evaluation import load_items


def test_52_categories_with_10_target_prompts_and_tier_counts():
    cats = CategoryCatalog.builtin().categories
    assert len(cats) == 52 and len({c.key for c in cats}) == 52
    assert sum(1 for c in cats if c.target_system_prompt) == 10
    counts = {t: sum(1 for c in cats if c.cost_tier == t) for t in tiers.TIERS}
    assert counts == {
        "micro": 2,
        "minimal": 10,
        "low": 11,
        "medium": 14,
        "advanced": 9,
        "high": 3,
        "ultra": 1,
        "critical": 2,
    }
    assert (
        CategoryCatalog.builtin()
        .get("code_security_review")
        .target_system_prompt.startswith("You are an application")
    )


def test_rule_set_seed_uses_only_seeded_categories():
    keys = set(CategoryCatalog.builtin().keys())
    for name in ("startupDefaultRuleSet", "seedDefaultsEndpointRuleSet"):
        rs = seeds.rule_set_seed(name)
        used = {r["effect"].get("category") for r in rs["keywordRules"] + rs["systemPromptRoles"]} - {
            "",
            None,
        }
        assert used <= keys, name


def test_presets_have_descriptions_and_valid_categories():
    keys = set(CategoryCatalog.builtin().keys())
    presets = seeds.preset_profiles()
    assert len(presets) == 7 and all(p["description"] for p in presets)
    assert all(set(p["categories"]) <= keys for p in presets)


def test_examples_and_cues_cover_known_categories():
    keys = set(CategoryCatalog.builtin().keys())
    examples = seeds.load_json("category_examples.json")["examples"]
    assert set(examples) == keys and all(len(v) >= 5 for v in examples.values())
    assert set(seeds.load_json("category_cues.json")["cues"]) <= keys


def test_starter_eval_set_is_valid_and_broad():
    items = load_items(seeds.read_text("starter_eval.jsonl").splitlines())
    keys = set(CategoryCatalog.builtin().keys())
    assert len(items) >= 100
    assert all(i.category in keys and set(i.also_ok) <= keys for i in items)
    assert all(tiers.idx(i.tier_min) <= tiers.idx(i.tier_max) for i in items)
    cats = {i.category for i in items}
    assert {"coding_autocomplete", "chat_title_generation", "swe_agentic", "tool_use_agentic"} <= cats
    assert len(cats) >= 45
    json.dumps([i.request for i in items])
