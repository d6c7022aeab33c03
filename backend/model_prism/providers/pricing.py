"""Price lookups: provider price tables at discovery (§9.2) and default prices for cost calculation (§9.1)."""

from __future__ import annotations

import re
from functools import lru_cache

from .registry import load_data, suggest_for_model


@lru_cache(maxsize=1)
def _provider_prices() -> dict:
    return load_data("provider_prices.json")


@lru_cache(maxsize=1)
def _defaults() -> dict[str, list[float]]:
    return load_data("default_prices.json")["prices"]


def _lookup(table: dict[str, list[float]], key: str) -> list[float] | None:
    if key in table:
        return table[key]
    contained = [k for k in table if k in key]
    return table[max(contained, key=len)] if contained else None


def price_table_name(provider_type: str, provider_name: str) -> str | None:
    """Give the provider price table for a provider (first keyword found in "<type> <name>"), or None."""
    haystack = f"{provider_type} {provider_name}".lower()
    for table, keywords in _provider_prices()["keywords"]:
        if any(k in haystack for k in keywords):
            return table
    return None


def provider_price(model_id: str, provider_type: str, provider_name: str) -> tuple[float, float] | None:
    """Give (input, output) USD per 1M tokens from the provider's price table, or None."""
    table = price_table_name(provider_type, provider_name)
    if table is None:
        return None
    key = re.sub(r"[_.:/]", "-", model_id.lower())
    found = _lookup(_provider_prices()["tables"][table], key)
    return (float(found[0]), float(found[1])) if found else None


def default_prices(model_id: str) -> tuple[float, float, float | None] | None:
    """Give (input, output, cached input) USD per 1M tokens from the defaults table, else the registry, else None.

    The cached-input price comes from the registry entry when the vendor publishes a cache-read price;
    None means "bill cached tokens at the input price".
    """
    suggestion = suggest_for_model(model_id)
    cached = suggestion.get("cachedInputPer1M") if suggestion else None
    found = _lookup(_defaults(), model_id.lower())
    if found:
        return float(found[0]), float(found[1]), cached
    if suggestion and suggestion.get("inputPer1M") is not None:
        return float(suggestion["inputPer1M"]), float(suggestion.get("outputPer1M") or 0), cached
    return None
