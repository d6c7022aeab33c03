"""Offline token estimator of the gateway (spec gateway §8.1)."""

from __future__ import annotations

import math

import orjson

_SYMBOLS = frozenset("{}()[]<>=+-*/\\|^~;:,.@#$%&")


def estimate_string(text: str) -> int:
    """Give the estimated tokens of a string: 3 chars per token for code-like text, 3.5 otherwise."""
    if not text:
        return 0
    ratio = sum(1 for c in text if c in _SYMBOLS) / max(len(text), 1)
    return math.ceil(len(text) / (3.0 if ratio > 0.15 else 3.5))


def message_text(content) -> str:
    """Give the text of a message content for estimation (images count as a marker)."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            if not isinstance(part, dict):
                parts.append(str(part))
            elif part.get("type") == "text":
                parts.append(str(part.get("text", "")))
            elif part.get("type") in ("image_url", "image", "input_image"):
                parts.append("[IMAGE]")
            elif part.get("type") == "tool_result":
                parts.append(message_text(part.get("content")))
            elif part.get("type") == "tool_use":
                parts.append(str(part.get("name", "")) + orjson.dumps(part.get("input")).decode())
            else:
                parts.append(orjson.dumps(part).decode())
        return "\n".join(parts)
    return orjson.dumps(content).decode()


def estimate_messages(messages: list) -> int:
    """Give the estimated input tokens of a chat: 3 + Σ(4 + role + text)."""
    total = 3
    for m in messages:
        if not isinstance(m, dict):
            continue
        total += 4 + estimate_string(str(m.get("role", ""))) + estimate_string(message_text(m.get("content")))
        if m.get("tool_calls"):
            total += estimate_string(orjson.dumps(m["tool_calls"]).decode())
    return total
