"""Price lookups: provider tables chosen by type/name keywords, defaults with the longest contained key."""

from __future__ import annotations

import pytest

from model_prism.providers.pricing import default_prices, price_table_name, provider_price


@pytest.mark.parametrize(
    ("ptype", "name", "table"),
    [
        ("bedrock", "AWS Frankfurt", "bedrock"),
        ("openai", "Azure via proxy", "azure"),
        ("custom", "az-openai west", "azure"),
        ("openai", "Google Vertex", "gemini"),
        ("anthropic", "Claude direct", "anthropic"),
        ("openrouter", "OR", "openai"),
        ("ollama", "Local", None),
    ],
)
def test_table_choice_follows_keyword_order(ptype, name, table):
    assert price_table_name(ptype, name) == table


def test_provider_price_uses_longest_contained_key():
    assert provider_price("eu.anthropic.claude-3-haiku-20240307-v1:0", "bedrock", "AWS") == (0.25, 1.25)
    assert provider_price("some-unknown-model", "bedrock", "AWS") is None
    assert provider_price("llama3.1:8b", "ollama", "Local") is None


def test_default_prices_prefer_the_defaults_table_then_the_registry():
    assert default_prices("gpt-5") == (10.0, 40.0, 0.175)  # pricing_defaults wins over the registry's 1.75/14
    assert default_prices("GPT-4.1-mini-2025-04-14")[:2] == (0.4, 1.6)
    inp, out, cached = default_prices("nova-pro")
    assert (inp, out, cached) == (0.26, 4.2, None)
    assert default_prices("my-private-finetune") is None
