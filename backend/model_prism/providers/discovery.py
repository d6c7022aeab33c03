"""Merging a provider's reported model list into its stored discovered models (providers.md §12.1)."""

from __future__ import annotations

from .pricing import provider_price
from .registry import suggest_for_model

DEFAULT_PRIORITY = 50


def _prices(reported: dict, suggestion: dict | None, table: tuple[float, float] | None, old: dict) -> dict:
    # [DD] a price the provider itself lists (OpenRouter) beats a table; tables beat the registry.
    if reported.get("inputPer1M") is not None:
        return {"inputPer1M": reported["inputPer1M"], "outputPer1M": reported.get("outputPer1M")}
    if table:
        return {"inputPer1M": table[0], "outputPer1M": table[1]}
    if suggestion and suggestion.get("inputPer1M") is not None:
        return {"inputPer1M": suggestion["inputPer1M"], "outputPer1M": suggestion.get("outputPer1M")}
    return {"inputPer1M": old.get("inputPer1M"), "outputPer1M": old.get("outputPer1M")}


def _context(reported: dict, suggestion: dict | None, old: dict) -> dict:
    if suggestion and suggestion.get("contextWindow"):
        window, source = suggestion["contextWindow"], "registry"
    elif reported.get("contextWindow"):
        window, source = reported["contextWindow"], "provider"
    else:
        window, source = old.get("contextWindow"), old.get("contextSource")
    max_out = (suggestion or {}).get("maxOutputTokens") or old.get("maxOutputTokens")
    return {"contextWindow": window, "contextSource": source, "maxOutputTokens": max_out}


def _refresh(old: dict, reported: dict, provider_type: str, provider_name: str) -> dict:
    model = dict(old)
    suggestion = suggest_for_model(reported["id"])
    model["name"] = reported.get("name") or old.get("name") or reported["id"]
    model["capabilities"] = list(reported.get("capabilities") or old.get("capabilities") or ["chat"])
    if reported.get("ownedBy"):
        model["ownedBy"] = reported["ownedBy"]
    if not old.get("manualContext") and old.get("contextSource") != "learned":
        model.update(_context(reported, suggestion, old))
    if not old.get("tier") and suggestion:
        model.update(
            tier=suggestion["tier"],
            categories=list(suggestion["categories"]),
            priority=suggestion["priority"],
        )
    if not old.get("manualPricing"):
        model.update(
            _prices(reported, suggestion, provider_price(reported["id"], provider_type, provider_name), old)
        )
    if old.get("stale"):
        model["visible"] = True  # hidden by discovery when it went missing; it is back
    model["stale"] = False
    return model


def _new(reported: dict, provider_type: str, provider_name: str) -> dict:
    suggestion = suggest_for_model(reported["id"])
    model = {
        "id": reported["id"],
        "name": reported.get("name") or reported["id"],
        "capabilities": list(reported.get("capabilities") or ["chat"]),
        "ownedBy": reported.get("ownedBy") or provider_name,
        "tier": suggestion["tier"] if suggestion else None,
        "categories": list(suggestion["categories"]) if suggestion else [],
        "priority": suggestion["priority"] if suggestion else DEFAULT_PRIORITY,
        "notes": "",
        "visible": True,
        "stale": False,
        "manualPricing": False,
        "manualContext": False,
    }
    model.update(_context(reported, suggestion, {}))
    model.update(
        _prices(reported, suggestion, provider_price(reported["id"], provider_type, provider_name), {})
    )
    return model


def merge_discovered(
    existing: list[dict], reported: list[dict], provider_type: str, provider_name: str
) -> list[dict]:
    """Give the merged discovered-model list: reported models refreshed or added, missing ones kept hidden and stale.

    Admin edits survive: prices when `manualPricing`, context window and max output when `manualContext`
    (and a window learned from an overflow error), tier/categories/priority once set, notes always.
    Reported models come first in the provider's order, then the stale ones in their stored order.
    """
    by_id = {m["id"]: m for m in existing if isinstance(m, dict) and m.get("id")}
    seen: set[str] = set()
    merged = []
    for item in reported:
        if not isinstance(item, dict) or not item.get("id") or item["id"] in seen:
            continue
        seen.add(item["id"])
        old = by_id.get(item["id"])
        merged.append(
            _refresh(old, item, provider_type, provider_name)
            if old
            else _new(item, provider_type, provider_name)
        )
    for model_id, old in by_id.items():
        if model_id not in seen:
            # Going missing hides the model; an already stale one keeps what an admin set since.
            merged.append(
                {**old, "visible": bool(old.get("stale")) and bool(old.get("visible")), "stale": True}
            )
    return merged


def enriched_count(models: list[dict]) -> int:
    """Give how many models have a tier (the `enrichedCount` of the discover response)."""
    return sum(1 for m in models if m.get("tier"))
