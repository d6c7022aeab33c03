"""The built-in model registry: id normalisation, fuzzy matching and suggestions (providers.md §8)."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import orjson

_REGION = re.compile(r"^(?:us-gov|global|eu|us|ap)\.")
_VENDOR = re.compile(
    r"^(?:anthropic|amazon|meta|mistralai|mistral|qwen|cohere|google|microsoft|deepseek|openai|minimax|zai|"
    r"twelvelabs|nvidia|moonshot|writer)\."
)


def load_data(name: str) -> dict:
    """Give one JSON document of the package's `data/registry/` folder."""
    return orjson.loads(resources.files("model_prism").joinpath("data", "registry", name).read_bytes())


def normalise(model_id: str) -> str:
    """Give the comparable form of a model id (lower case, no region/vendor prefix, dates or versions)."""
    s = re.sub(r":\d+$", "", str(model_id).lower().strip())
    s = _VENDOR.sub("", _REGION.sub("", s))
    s = re.sub(r"-+", "-", re.sub(r"[\s._/]", "-", s)).strip("-")
    s = re.sub(r"-\d{8}(?=-|$)", "", s, count=1)
    s = re.sub(r"-\d{4}(?=-|$)", "", s, count=1)
    s = re.sub(r"-v\d+(?:-\d+)?(?=-|$)", "", s, count=1)
    s = re.sub(r"-latest$", "", s)
    return re.sub(r"-+", "-", s).strip("-")


@lru_cache(maxsize=1)
def entries() -> tuple[dict, ...]:
    """Give the registry entries in file order."""
    return tuple(load_data("models.json")["models"])


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, dict], ...]:
    return tuple(
        (normalise(alias), e) for e in entries() for alias in dict.fromkeys([e["id"], *e.get("aliases", ())])
    )


@lru_cache(maxsize=4096)
def find_model(model_id: str) -> dict | None:
    """Give the registry entry for a model id: exact normalised alias, longest contained alias, or reverse containment."""
    needle = normalise(model_id)
    if not needle:
        return None
    best: tuple[int, dict] | None = None
    for pattern, entry in _patterns():
        if pattern == needle:
            return entry
        if pattern and pattern in needle and (best is None or len(pattern) > best[0]):
            best = (len(pattern), entry)
    if best:
        return best[1]
    if len(needle) >= 2:
        return next((e for p, e in _patterns() if needle in p), None)
    return None


def suggest_for_model(model_id: str) -> dict | None:
    """Give the registry suggestion for a model (tier, prices, context, categories, priority, benchmarks) or None."""
    entry = find_model(model_id)
    if entry is None:
        return None
    return {
        "family": entry["family"],
        "vendor": entry["vendor"],
        "tier": entry["tier"],
        "inputPer1M": entry["prices"]["input"],
        "outputPer1M": entry["prices"]["output"],
        "cachedInputPer1M": entry["prices"].get("cachedInput"),
        "contextWindow": entry["context"]["window"],
        "maxOutputTokens": entry["context"].get("maxOutput"),
        "categories": list(entry.get("categories") or ()),
        "priority": entry.get("priority", 50),
        "openrouterId": entry.get("openrouterId"),
        "benchmarks": dict(entry["benchmarks"]) if entry.get("benchmarks") else None,
        "source": "local_registry",
    }


def get_benchmarks(model_ids: list[str]) -> dict[str, dict]:
    """Give {model id: benchmarks} for the ids whose registry entry has scores."""
    out = {}
    for model_id in model_ids:
        entry = find_model(model_id)
        if entry and entry.get("benchmarks"):
            out[model_id] = dict(entry["benchmarks"])
    return out
