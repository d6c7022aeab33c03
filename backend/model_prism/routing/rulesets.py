"""Rule sets and the exact pre-routing algorithm (routing.md §4)."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from model_prism.routing.fastregex import GatedRegex
from model_prism.routing.tiers import is_tier

_THRESHOLDS = {"micro": 150, "minimal": 500, "low": 2000, "medium": 15000, "alwaysHigh": 50000}
_WEIGHTS = {"tokenCount": 0.8, "systemPromptRole": 0.9, "contentKeywords": 0.85, "codeLanguage": 0.7,
            "conversationTurns": 0.4}  # fmt: skip


@dataclass(frozen=True)
class RuleEffect:
    """What a matching rule contributes: category, tier floor/ceiling, domain."""

    category: str = ""
    tier_min: str = ""
    tier_max: str = ""
    domain: str = ""

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any] | None) -> RuleEffect:
        doc = doc or {}
        return cls(
            category=str(doc.get("category") or ""),
            tier_min=doc.get("tierMin") if is_tier(doc.get("tierMin")) else "",
            tier_max=doc.get("tierMax") if is_tier(doc.get("tierMax")) else "",
            domain=str(doc.get("domain") or ""),
        )


@dataclass(frozen=True)
class KeywordRule:
    """A keyword rule: enough keywords found in the chosen text → effect."""

    name: str
    keywords: tuple[str, ...]
    effect: RuleEffect
    enabled: bool = True
    match: str = "any"
    min_matches: int = 1
    search_in: str = "all"

    @functools.cached_property
    def lowered(self) -> tuple[str, ...]:
        """Give the keywords lower-cased (matching is case-insensitive), computed once per rule."""
        return tuple(k.lower() for k in self.keywords)


@dataclass(frozen=True)
class SystemPromptRole:
    """A system-prompt role: regex over the system prompt → effect (a hint capped at 0.5).

    The pattern is case-insensitive and gated (fastregex): a prompt without any literal the pattern needs is ruled
    out by a substring test, not a regex scan (a 1000-character system prompt: ~4 µs instead of ~40 µs a role)."""

    name: str
    pattern: GatedRegex | None
    effect: RuleEffect
    enabled: bool = True


@dataclass(frozen=True)
class RuleSet:
    """A pre-routing rule set (§4.1) with its rules compiled."""

    name: str = "Default Rule Set"
    token_thresholds: Mapping[str, int | None] = field(default_factory=lambda: dict(_THRESHOLDS))
    signal_weights: Mapping[str, float] = field(default_factory=lambda: dict(_WEIGHTS))
    turn_upgrade_enabled: bool = True
    turn_upgrade_threshold: int = 4
    keyword_rules: tuple[KeywordRule, ...] = ()
    roles: tuple[SystemPromptRole, ...] = ()
    confidence_threshold: float = 0.65
    context_limit_tokens: int = 4000
    context_strategy: str = "truncate"
    cost_mode: str = "balanced"
    tier_boost: int = 0
    #: scans of recurring texts (system prompt role, keyword hits) → their answers: see routing/prerouting.py
    memo: dict[tuple, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any]) -> RuleSet:
        """Give a RuleSet from a stored rule-set document (camelCase, as in §4.1)."""
        turn = doc.get("turnUpgrade") or {}
        clf = doc.get("classifier") or {}
        return cls(
            name=str(doc.get("name") or "Rule Set"),
            token_thresholds={**_THRESHOLDS, **(doc.get("tokenThresholds") or {})},
            signal_weights={**_WEIGHTS, **(doc.get("signalWeights") or {})},
            turn_upgrade_enabled=bool(turn.get("enabled", True)),
            turn_upgrade_threshold=int(turn.get("threshold") or 4),
            keyword_rules=tuple(_keyword_rule(r) for r in doc.get("keywordRules") or ()),
            roles=tuple(_role(r) for r in doc.get("systemPromptRoles") or ()),
            confidence_threshold=float(clf.get("confidenceThreshold", 0.65)),
            context_limit_tokens=int(clf.get("contextLimitTokens") or 0),
            context_strategy=str(clf.get("contextStrategy") or "truncate"),
            cost_mode=str(doc.get("costMode") or "balanced"),
            tier_boost=max(-2, min(2, int(doc.get("tierBoost") or 0))),
        )


def _keyword_rule(doc: Mapping[str, Any]) -> KeywordRule:
    return KeywordRule(
        name=str(doc.get("name") or "rule"),
        keywords=tuple(str(k) for k in doc.get("keywords") or ()),
        effect=RuleEffect.from_dict(doc.get("effect")),
        enabled=bool(doc.get("enabled", True)),
        match=str(doc.get("match") or "any"),
        min_matches=int(doc.get("minMatches") or 1),
        search_in=str(doc.get("searchIn") or "all"),
    )


def _role(doc: Mapping[str, Any]) -> SystemPromptRole:
    try:
        pattern = GatedRegex.compile(str(doc.get("pattern") or ""), re.IGNORECASE)
    except re.error:
        pattern = None  # invalid regex → the role is skipped
    return SystemPromptRole(
        name=str(doc.get("name") or "role"),
        pattern=pattern,
        effect=RuleEffect.from_dict(doc.get("effect")),
        enabled=bool(doc.get("enabled", True)),
    )


@dataclass(frozen=True)
class PreRouting:
    """The result of apply_rule_set (§4.3)."""

    tier: str | None = None
    tier_max: str | None = None
    category: str | None = None
    domain: str | None = None
    confidence: float = 0.0
    source: str | None = None
    pre_routed: bool = False
    role_name: str | None = None

    def as_trace(self) -> dict[str, Any]:
        """Give the camelCase view used by the trace."""
        return {"tier": self.tier, "tierMax": self.tier_max, "category": self.category, "domain": self.domain,
                "confidence": round(self.confidence, 4), "source": self.source, "preRouted": self.pre_routed}  # fmt: skip
