"""The LLM classifier's prompts (routing.md §6.3–§6.5, §6.8): system prompt and request context."""

from __future__ import annotations

import functools
import math
from typing import Any

from model_prism.routing.categories import CategoryCatalog
from model_prism.routing.environment import ModelCandidate
from model_prism.routing.signals import Signals
from model_prism.routing.text import content_text, estimate_message_tokens
from model_prism.routing.tiers import idx

_RESPONSE_FORMAT = (
    '{"category":"<key>","confidence":0.0,"complexity":"simple|medium|complex","has_image":false,'
    '"language":"en|de|other","estimated_output_length":"short|medium|long",'
    '"domain":"general|legal|medical|finance|tech|science","conversation_turn":1,'
    '"user_frustration_signal":false,'
    '"cost_tier":"micro|minimal|low|medium|advanced|high|ultra|critical",'
    '"recommended_model":"<model_id or null>","reasoning":"<one sentence>"}'
)

SUMMARY_INSTRUCTION = (
    "Summarise the task this conversation asks the assistant to do in at most 200 tokens. "
    "Keep names of languages, tools and domains. Reply with the summary only."
)


def available_models(models: tuple[ModelCandidate, ...]) -> tuple[ModelCandidate, ...]:
    """Give the visible models with a tier, deduplicated by id, sorted by tier (cheapest first)."""
    seen: dict[str, ModelCandidate] = {}
    for m in models:
        if m.visible and m.tier and m.id not in seen:
            seen[m.id] = m
    return tuple(sorted(seen.values(), key=lambda m: idx(m.tier)))


@functools.lru_cache(maxsize=64)
def system_prompt(categories: CategoryCatalog, models: tuple[ModelCandidate, ...]) -> str:
    """Give the classifier system prompt (cached per categories and model list)."""
    lines = [
        "You are a precise model router. Classify the user's request into exactly one of the categories below.",
        "",
        "## Categories",
    ]
    for c in categories.categories:
        ex = f" — Examples: {', '.join(c.examples)}" if c.examples else ""
        lines.append(f"- {c.key} [{c.cost_tier}]{ex}")
    avail = available_models(models)[:20]
    if avail:
        lines += ["", "## Available Models", "Pick the best fitting one as recommended_model."]
        for m in avail:
            price = (
                f" — in:${m.input_per_1m}/out:${m.output_per_1m}/1M"
                if m.input_per_1m is not None and m.output_per_1m is not None
                else ""
            )
            lines.append(f"- {m.id} [{m.tier}]{price}")
    lines += [
        "",
        "## Response Format",
        "Reply with only valid JSON, no markdown, exactly these keys:",
        _RESPONSE_FORMAT,
    ]
    return "\n".join(lines)


def context_limit(window: int | None, limit_tokens: int) -> int:
    """Give the classifier's token budget (§6.3 with the [DD] admin cap)."""
    ctx = window or limit_tokens or 128000
    if limit_tokens > 0:
        return max(1000, min(ctx - 2000, limit_tokens))
    return max(1000, ctx - 2000)


def _cut(text: str, chars: float) -> str:
    n = max(0, int(chars))
    return text if len(text) <= n else text[:n] + "…"


def user_context(
    signals: Signals, messages: list[dict[str, Any]], strategy: str, limit: int, role: str | None
) -> str:
    """Give the user message sent to the classifier (§6.4)."""
    signal_line = f"[CONTEXT_SIGNALS: {signals.metadata_summary}]"
    if strategy == "metadata_only":
        return signal_line
    parts: list[str] = []
    used = 0
    if signals.system_prompt_text:
        head = _cut(signals.system_prompt_text, math.floor(limit * 0.3) * 3.5)
        parts.append(f"[System]: {head}")
        used += estimate_message_tokens(head)
    for m in [m for m in messages if m.get("role") != "system"][-3:]:
        remaining = (limit - used) * 3.5
        if remaining < 50:
            break
        piece = _cut(content_text(m.get("content")), remaining)
        parts.append(f"[{m.get('role', 'user')}]: {piece}")
        used += estimate_message_tokens(piece)
    parts.append(signal_line)
    if role:
        parts.append(
            f"[HINT: this request comes from an IDE/agent context ({role}). Judge the actual user message, "
            "not the system prompt.]"
        )
    return "\n".join(parts)


def conversation_tokens(messages: list[dict[str, Any]]) -> int:
    """Give the routing token estimate of the non-system conversation (for the summary strategy)."""
    return sum(
        estimate_message_tokens(content_text(m.get("content"))) for m in messages if m.get("role") != "system"
    )
