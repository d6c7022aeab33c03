"""Offline token estimator of the gateway (spec gateway §8.1)."""

from __future__ import annotations

import math

import orjson

SYMBOLS = "{}()[]<>=+-*/\\|^~;:,.@#$%&"
_SYMBOL_BYTES = SYMBOLS.encode()


def symbol_count(text: str) -> int:
    """Give how many characters of the text are code symbols. Counted on the UTF-8 bytes in C (bytes.translate):
    the symbols are ASCII, and UTF-8 never uses an ASCII byte inside a multi-byte character."""
    raw = text.encode("utf-8", "surrogatepass")
    return len(raw) - len(raw.translate(None, _SYMBOL_BYTES))


def estimate_string(text: str) -> int:
    """Give the estimated tokens of a string: 3 chars per token for code-like text, 3.5 otherwise."""
    if not text:
        return 0
    ratio = symbol_count(text) / len(text)
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
