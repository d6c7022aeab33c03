"""Compiled signal patterns (routing.md §3), built once from the seed data."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from model_prism.routing import seeds
from model_prism.routing.fastregex import GatedRegex


@dataclass(frozen=True)
class DomainKeywords:
    """One domain's keyword list and the number of distinct hits it needs."""

    name: str
    keywords: tuple[str, ...]
    min_hits: int


@dataclass(frozen=True)
class SignalPatterns:
    """Every regex and keyword list the signal extractor uses."""

    domains: tuple[DomainKeywords, ...]
    languages: tuple[tuple[str, tuple[GatedRegex, ...]], ...]
    fim_instructions: tuple[GatedRegex, ...]
    fim_tokens: tuple[str, ...]
    bare_code_block: GatedRegex
    tool_agent: tuple[GatedRegex, ...]
    tool_output: tuple[GatedRegex, ...]
    turn_exclusions: tuple[GatedRegex, ...]
    frustration_guard: tuple[GatedRegex, ...]
    frustration_phrases: tuple[str, ...]
    #: (detector, scanned text) → its answer: see signals.remembered
    memo: dict[tuple[str, str], Any] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def fim_token_starts(self) -> frozenset[str]:
        """Give the first characters of the FIM tokens (a token is looked for only where its first one occurs)."""
        return frozenset(t[0] for t in self.fim_tokens if t)


def _compile(patterns: list[str]) -> tuple[GatedRegex, ...]:
    return tuple(GatedRegex.compile(p) for p in patterns)


def build_patterns(data: dict) -> SignalPatterns:
    """Give compiled SignalPatterns from signal_patterns.json data."""
    dom = data["domain_keywords"]
    langs = data["code_language_patterns"]
    fim = data["fim_detection"]
    return SignalPatterns(
        domains=tuple(
            DomainKeywords(name, tuple(k.lower() for k in dom[name]["keywords"]), int(dom[name]["min_hits"]))
            for name in dom["_order"]
        ),
        languages=tuple((name, _compile(pats)) for name, pats in langs.items() if not name.startswith("_")),
        fim_instructions=_compile(fim["system_or_first_user_patterns"]),
        fim_tokens=tuple(fim["content_tokens_any_message"]),
        bare_code_block=GatedRegex.compile(fim["bare_code_block"]["regex"]),
        tool_agent=_compile(data["tool_agent_patterns"]["patterns"]),
        tool_output=_compile(data["tool_output_continuation"]["patterns"]),
        turn_exclusions=_compile(data["genuine_user_turn_exclusions"]["patterns"]),
        frustration_guard=_compile(data["frustration_guard"]["patterns"]),
        frustration_phrases=tuple(
            p.lower() for p in data["frustration_heuristic_design_decision"]["phrases"]
        ),
    )


def window(text: str, head: int = 6000, tail: int = 2000) -> str:
    """Give the part of a long text that detectors scan: its head and tail.

    [DD] The spec scans full texts; bounding the scan keeps an 8k-token request well under the
    routing budget. Instructions, FIM markers and the user's ask sit at the start or the end.
    """
    if len(text) <= head + tail:
        return text
    return text[:head] + "\n" + text[-tail:]


DEFAULT_PATTERNS: SignalPatterns = build_patterns(seeds.signal_patterns())
