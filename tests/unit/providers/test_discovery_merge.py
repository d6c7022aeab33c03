"""merge_discovered (providers.md §12.1): refresh, add, keep admin edits, hide stale models."""

from __future__ import annotations

from model_prism.providers.discovery import enriched_count, merge_discovered


def _reported(*ids, **extra):
    return [{"id": i, "name": i, "ownedBy": "openai", "capabilities": ["chat"], **extra} for i in ids]


def test_new_models_get_registry_and_table_data():
    merged = merge_discovered([], _reported("gpt-4o", "my-model"), "openai", "OpenAI")
    gpt, mine = merged
    assert gpt["tier"] == "medium" and gpt["priority"] == 70 and gpt["contextWindow"] == 128_000
    assert (gpt["inputPer1M"], gpt["outputPer1M"]) == (2.5, 10)
    assert gpt["visible"] is True and gpt["stale"] is False and gpt["notes"] == ""
    assert mine["tier"] is None and mine["priority"] == 50 and mine["inputPer1M"] is None
    assert enriched_count(merged) == 1


def test_manual_pricing_and_context_survive_rediscovery():
    stored = merge_discovered([], _reported("gpt-4o"), "openai", "OpenAI")
    stored[0].update(
        inputPer1M=1.1,
        outputPer1M=2.2,
        manualPricing=True,
        contextWindow=64_000,
        maxOutputTokens=999,
        manualContext=True,
    )
    again = merge_discovered(stored, _reported("gpt-4o"), "openai", "OpenAI")[0]
    assert (again["inputPer1M"], again["outputPer1M"]) == (1.1, 2.2)
    assert (again["contextWindow"], again["maxOutputTokens"]) == (64_000, 999)


def test_learned_context_window_is_kept():
    stored = [{"id": "gpt-4o", "contextWindow": 100_000, "contextSource": "learned", "tier": "medium"}]
    assert merge_discovered(stored, _reported("gpt-4o"), "openai", "OpenAI")[0]["contextWindow"] == 100_000


def test_existing_tier_is_not_replaced_but_prices_refresh():
    stored = [
        {"id": "gpt-4o", "tier": "high", "priority": 99, "inputPer1M": 9, "outputPer1M": 9, "notes": "mine"}
    ]
    again = merge_discovered(stored, _reported("gpt-4o"), "openai", "OpenAI")[0]
    assert (again["tier"], again["priority"], again["notes"]) == ("high", 99, "mine")
    assert (again["inputPer1M"], again["outputPer1M"]) == (2.5, 10)


def test_missing_models_stay_hidden_and_stale_then_come_back():
    stored = merge_discovered([], _reported("a", "b"), "custom", "X")
    gone = merge_discovered(stored, _reported("a"), "custom", "X")
    assert [(m["id"], m["visible"], m["stale"]) for m in gone] == [("a", True, False), ("b", False, True)]
    back = merge_discovered(gone, _reported("a", "b"), "custom", "X")
    assert [(m["id"], m["visible"], m["stale"]) for m in back] == [("a", True, False), ("b", True, False)]


def test_admin_hidden_model_stays_hidden():
    stored = merge_discovered([], _reported("a"), "custom", "X")
    stored[0]["visible"] = False
    assert merge_discovered(stored, _reported("a"), "custom", "X")[0]["visible"] is False


def test_reported_prices_beat_the_table():
    reported = _reported("openai/gpt-4o", inputPer1M=2.6, outputPer1M=10.5, contextWindow=128_000)
    merged = merge_discovered([], reported, "openrouter", "OpenRouter")
    assert (merged[0]["inputPer1M"], merged[0]["outputPer1M"]) == (2.6, 10.5)


def test_inputs_are_not_modified():
    stored = [{"id": "gpt-4o", "tier": None}]
    merge_discovered(stored, _reported("gpt-4o"), "openai", "OpenAI")
    assert stored == [{"id": "gpt-4o", "tier": None}]
