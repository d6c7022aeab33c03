"""Generator prompt per category and validation of the generated test cases (routing.md §16, issue 8)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..routing.tiers import idx, is_tier
from .llm_json import MalformedAnswer

MAX_PER_CATEGORY = 30
MAX_PROMPT_CHARS = 8000
LANGUAGES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "nl": "Dutch",
             "pt": "Portuguese", "pl": "Polish", "ja": "Japanese", "zh": "Chinese"}  # fmt: skip
MARKER = "You write test prompts for an LLM request router."


@dataclass(frozen=True)
class CategoryInfo:
    """A routing category as the generator needs it."""

    key: str
    name: str
    description: str
    tier: str

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> CategoryInfo:
        """Give the info of a routingcategories document (plain dict)."""
        return cls(str(doc["key"]), str(doc.get("name") or doc["key"]), str(doc.get("description") or ""),
                   str(doc.get("costTier") or "medium"))  # fmt: skip


def language_names(codes: list[str]) -> list[str]:
    """Give readable names for language codes (unknown codes are used as given)."""
    return [LANGUAGES.get(c.lower(), c) for c in codes]


def messages_for(
    cat: CategoryInfo, count: int, languages: list[str], others: list[CategoryInfo]
) -> list[dict]:
    """Give the chat messages asking for `count` prompts of one category in the given languages."""
    neighbours = "\n".join(
        f"- {o.key} [{o.tier}]: {o.description or o.name}" for o in others if o.key != cat.key
    )
    system = (
        f"{MARKER} Each prompt is what a real user, developer or agent would send to an AI assistant. "
        "Vary length, tone and complexity; include edge cases (security words inside code, several domains in "
        "one request, terse one-liners, long pasted context). Answer only with JSON, no markdown."
    )
    user = (
        f"Write exactly {count} realistic prompts whose intended routing category is `{cat.key}` "
        f"({cat.name}: {cat.description or cat.name}; default tier {cat.tier}). Spread them over these "
        f"languages: {', '.join(language_names(languages))}.\nOther categories exist, so stay clearly inside "
        f"this one:\n{neighbours[:3000]}\n\n"
        'Answer with a JSON array of objects {"prompt": str, "systemPrompt": str|null, "category": '
        f'"{cat.key}", "language": one of {languages}, "tierMin": tier, "tierMax": tier|null, "tags": [str]}}. '
        f"Tiers: micro, minimal, low, medium, advanced, high, ultra, critical; tierMin is usually {cat.tier}."
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _items(parsed: Any) -> list:
    if isinstance(parsed, dict):
        parsed = parsed.get("prompts") or parsed.get("items") or parsed.get("testCases")
    if not isinstance(parsed, list):
        raise MalformedAnswer(["expected a JSON array of test prompts"])
    return parsed


def _case(item: dict, cat: CategoryInfo, languages: list[str], known: set[str]) -> dict | None:
    category = item.get("category") or item.get("expectedCategory") or cat.key
    if category not in known:
        return None  # an invented category cannot be scored; dropped and counted
    low = item.get("tierMin") or item.get("expectedTierMin")
    low = low if is_tier(low) else cat.tier
    high = item.get("tierMax") or item.get("expectedTierMax")
    high = high if is_tier(high) and idx(high) >= idx(low) else None
    lang = item.get("language") if item.get("language") in languages else languages[0]
    tags = [str(t)[:40] for t in (item.get("tags") or []) if isinstance(t, str)][:6]
    system = item.get("systemPrompt") if isinstance(item.get("systemPrompt"), str) else None
    return {"prompt": item["prompt"].strip()[:MAX_PROMPT_CHARS], "systemPrompt": system or None,
            "expectedCategory": category, "expectedTierMin": low, "expectedTierMax": high,
            "tags": ["generated", f"lang:{lang}", *tags]}  # fmt: skip


def validate_cases(parsed: Any, cat: CategoryInfo, count: int, languages: list[str], known: set[str]) -> dict:
    """Give {cases, rejected} from a generator answer; raise MalformedAnswer when its shape is wrong."""
    items, problems = _items(parsed), []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            problems.append(f"item {n} is not an object")
        elif not isinstance(item.get("prompt"), str) or len(item["prompt"].strip()) < 3:
            problems.append(f"item {n} has no prompt text")
    if problems or not items:
        raise MalformedAnswer(problems or ["the array is empty"])
    cases = [c for c in (_case(i, cat, languages, known) for i in items) if c is not None]
    if not cases:
        raise MalformedAnswer([f"no item names a known category (expected {cat.key})"])
    return {"cases": cases[:count], "rejected": len(items) - len(cases)}
