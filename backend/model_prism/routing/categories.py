"""Routing categories (routing.md §12) and the category helpers of §5 and §9.3."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from model_prism.routing import seeds
from model_prism.routing.signals import Signals
from model_prism.routing.tiers import idx, is_tier

SUBSTANTIAL_PREFIXES: tuple[str, ...] = (
    "coding", "swe", "code", "error", "qa", "tool_use", "system_design", "reasoning", "research",
    "analysis", "math", "sensitive", "legal", "medical", "devops", "sql", "planning", "creative", "vision",
)  # fmt: skip

_TIER_DEFAULT_CATEGORY = {
    "micro": "chat_title_generation",
    "minimal": "smalltalk_simple",
    "low": "summarization_short",
    "high": "swe_agentic",
    "ultra": "reasoning_formal",
}


@dataclass(frozen=True)
class Category:
    """One routing category as the router sees it."""

    key: str
    name: str
    cost_tier: str
    order: int = 0
    description: str = ""
    examples: tuple[str, ...] = ()
    default_model: str | None = None
    fallback_model: str | None = None
    requires_vision: bool = False
    target_system_prompt: str = ""

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any]) -> Category:
        """Give a Category from a category document (camelCase keys as stored)."""
        tier = doc.get("costTier")
        return cls(
            key=str(doc["key"]),
            name=str(doc.get("name") or doc["key"]),
            cost_tier=tier if is_tier(tier) else "medium",
            order=int(doc.get("order") or 0),
            description=str(doc.get("description") or ""),
            examples=tuple(str(e) for e in doc.get("examples") or ()),
            default_model=doc.get("defaultModel") or None,
            fallback_model=doc.get("fallbackModel") or None,
            requires_vision=bool(doc.get("requiresVision")),
            target_system_prompt=str(doc.get("targetSystemPrompt") or ""),
        )


@dataclass(frozen=True)
class CategoryCatalog:
    """The category collection, sorted by `order`, with lookups by key."""

    categories: tuple[Category, ...]

    @classmethod
    def from_docs(cls, docs: Iterable[Mapping[str, Any]]) -> CategoryCatalog:
        """Give a catalog from category documents."""
        return cls(tuple(sorted((Category.from_dict(d) for d in docs), key=lambda c: c.order)))

    @classmethod
    def builtin(cls) -> CategoryCatalog:
        """Give the catalog of the 52 built-in categories."""
        return cls.from_docs(seeds.category_seeds())

    @functools.cached_property
    def _by_key(self) -> dict[str, Category]:
        return {c.key: c for c in self.categories}

    def get(self, key: str | None) -> Category | None:
        """Give the category with that key, or None."""
        return self._by_key.get(key) if key else None

    def keys(self) -> tuple[str, ...]:
        """Give every category key in order."""
        return tuple(c.key for c in self.categories)

    @functools.cached_property
    def key_set(self) -> frozenset[str]:
        """Give every category key, as a set (built once per catalog)."""
        return frozenset(c.key for c in self.categories)

    def infer_from_tier(self, tier: str | None, domain: str | None) -> str | None:
        """Give the fallback category for a tier (§5 infer_category_from_tier); None tier counts as medium."""
        tier = tier if is_tier(tier) else "medium"
        if tier in ("medium", "advanced") and domain == "legal":
            key = "legal_analysis"
        elif tier == "critical":
            key = "medical_analysis" if domain == "medical" else "sensitive_critical"
        elif tier == "medium":
            key = "document_qa"
        elif tier == "advanced":
            key = "analysis_complex"
        else:
            key = _TIER_DEFAULT_CATEGORY[tier]
        if self.get(key):
            return key
        same = next((c.key for c in self.categories if c.cost_tier == tier), None)
        return same or (self.categories[0].key if self.categories else None)

    def is_substantial(self, key: str | None) -> bool:
        """Give True when a category keeps a deliberate model choice in smart mode (§9.3)."""
        if not key:
            return False
        if any(key.startswith(p) for p in SUBSTANTIAL_PREFIXES):
            return True
        cat = self.get(key)
        return cat is not None and idx(cat.cost_tier) >= idx("medium")


def infer_domain(signals: Signals) -> str:
    """Give the first detected domain, else tech when code was seen, else general (§5)."""
    if signals.detected_domains:
        return signals.detected_domains[0]
    return "tech" if signals.detected_languages else "general"


def task_type(category: str | None) -> str:
    """Give the first '_' segment of the category key, or general."""
    return category.split("_", 1)[0] if category else "general"
