"""Context-window handling: error detection, learned windows, larger-model search and truncation (gateway §8, §13.3)."""

from __future__ import annotations

import math
import re

from ..snapshot.views import ModelView, ProviderView
from .target import TIER_ORDER
from .tokens import estimate_messages

TRUNCATION_SENTINEL = "[CONTEXT_TRUNCATED]"
_LIMIT = re.compile(r"(limit|maximum)\s+(of|is)\s+(\d+)", re.IGNORECASE)
_LEARN = re.compile(r"(\d+)\s*(?:tokens?\s*)?>\s*(\d+)\s*(?:maximum|token)", re.IGNORECASE)


def is_max_tokens_error(message: str) -> bool:
    m = message.lower()
    return (
        ("maximum tokens" in m and "exceeds" in m)
        or ("max_tokens" in m and any(w in m for w in ("too large", "exceeds", "invalid")))
        or ("maximum tokens" in m and "model limit" in m)
        or ("output token" in m and "limit" in m)
    )


def max_tokens_limit(message: str) -> int | None:
    match = _LIMIT.search(message)
    return int(match.group(3)) if match else None


def is_context_overflow(message: str) -> bool:
    if is_max_tokens_error(message):
        return False
    m = message.lower()
    needles = ("context_length_exceeded", "context length", "maximum context", "context window", "input tokens exceeded",
               "request too large", "prompt is too long", "input is too long")  # fmt: skip
    return (
        any(n in m for n in needles)
        or ("input tokens" in m and "context" in m)
        or ("input tokens" in m and "exceeds" in m and "maximum" in m)
        or ("validationexception" in m and any(w in m for w in ("context", "mantle", "input")))
        or ("mantle streaming error" in m and "badrequesterror" in m and ("input" in m or "context" in m))
    )


def learned_window(message: str) -> int | None:
    """Give the real context window an overflow message reveals (≥ 1000), else None."""
    match = _LEARN.search(message)
    if match and int(match.group(2)) >= 1000:
        return int(match.group(2))
    return None


def find_larger_context_model(
    providers: tuple[ProviderView, ...], current: ModelView, allowed=lambda m: True
) -> tuple[ProviderView, ModelView] | None:
    """Give the visible model with a strictly larger window: same tier, then one down, then one up (smallest
    larger window in the first non-empty bucket); else the smallest larger window overall."""
    window = current.context_window or 0
    options = [
        (p, m)
        for p in providers
        for m in p.models
        if m.visible and m.id != current.id and (m.context_window or 0) > window and allowed(m)
    ]
    if not options:
        return None
    if current.tier in TIER_ORDER:
        i = TIER_ORDER.index(current.tier)
        for j in (i, i - 1, i + 1):
            if 0 <= j < len(TIER_ORDER):
                bucket = [o for o in options if o[1].tier == TIER_ORDER[j]]
                if bucket:
                    return min(bucket, key=lambda o: o[1].context_window)
    return min(options, key=lambda o: o[1].context_window)


def truncate(messages: list, window: int, max_tokens: int | None) -> tuple[list, int]:
    """Drop the oldest non-system messages until the estimate fits 85 % of the window; give (messages, dropped).
    An assistant tool call and its tool results go together; one sentinel note says how many were removed."""
    budget = math.floor(window * 0.85) - (max_tokens or 0)
    system = [
        m
        for m in messages
        if m.get("role") in ("system", "developer") and TRUNCATION_SENTINEL not in str(m.get("content"))
    ]
    rest = [m for m in messages if m.get("role") not in ("system", "developer")]
    dropped = 0
    while len(rest) > 1 and estimate_messages(system + rest) > budget:
        group = 1
        if rest[0].get("role") == "assistant" and rest[0].get("tool_calls"):
            while group < len(rest) - 1 and rest[group].get("role") == "tool":
                group += 1
        rest, dropped = rest[group:], dropped + group
        while len(rest) > 1 and rest[0].get("role") == "tool":
            rest, dropped = rest[1:], dropped + 1
    if not dropped:
        return messages, 0
    note = {
        "role": "system",
        "content": f"{TRUNCATION_SENTINEL} {dropped} earlier message(s) were removed to fit the model's context window.",
    }
    return system + [note] + rest, dropped
