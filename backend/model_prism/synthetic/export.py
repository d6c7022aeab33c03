"""Test cases ↔ the routing-eval JSONL format (shared/data/README.md), the input of `model-prism routing-eval`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import orjson

from ..routing.tiers import TIERS, is_tier

_SLUG = re.compile(r"[^a-z0-9]+")


def _messages(case: Mapping[str, Any]) -> list[dict]:
    system = [{"role": "system", "content": case["systemPrompt"]}] if case.get("systemPrompt") else []
    return [*system, {"role": "user", "content": case["prompt"]}]


def to_jsonl(suite_name: str, cases: Iterable[Mapping[str, Any]]) -> str:
    """Give one routing-eval line per case that names its expected category (others cannot be scored)."""
    prefix = _SLUG.sub("-", suite_name.lower()).strip("-") or "suite"
    lines = []
    for n, case in enumerate(cases, 1):
        if not case.get("expectedCategory"):
            continue
        item = {"id": f"{prefix}-{n:04d}", "endpoint": "/chat/completions", "request": {"messages": _messages(case)},
                "category": case["expectedCategory"], "also_ok": [],
                "tier_min": case.get("expectedTierMin") or TIERS[0], "tier_max": case.get("expectedTierMax") or TIERS[-1],
                "why": "synthetic: " + (", ".join(case.get("tags") or []) or "hand-written")}  # fmt: skip
        lines.append(orjson.dumps(item).decode())
    return "\n".join(lines) + ("\n" if lines else "")


def _text(content: Any) -> str:
    if isinstance(content, list):
        return "\n".join(
            p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text"
        )
    return content if isinstance(content, str) else ""


def from_jsonl(text: str) -> list[dict]:
    """Give test cases from routing-eval JSONL lines (chat requests only; the last user message is the prompt)."""
    cases = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            item = orjson.loads(line)
            messages = item["request"]["messages"]
        except (orjson.JSONDecodeError, KeyError, TypeError):
            raise ValueError(f"line {n} is not a routing-eval chat item") from None
        users = [_text(m.get("content")) for m in messages if m.get("role") == "user"]
        system = next(
            (_text(m.get("content")) for m in messages if m.get("role") in ("system", "developer")), None
        )
        if not users or not users[-1].strip():
            raise ValueError(f"line {n} has no user message")
        cases.append({"prompt": users[-1], "systemPrompt": system or None, "expectedCategory": item.get("category"),
                      "expectedTierMin": item.get("tier_min") if is_tier(item.get("tier_min")) else None,
                      "expectedTierMax": item.get("tier_max") if is_tier(item.get("tier_max")) else None,
                      "tags": ["imported"]})  # fmt: skip
    return cases
