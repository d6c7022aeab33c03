"""Text extraction and the routing token estimate (routing.md §3.1, §3.2)."""

from __future__ import annotations

import math
import re
from typing import Any

_FENCE = re.compile(r"```[\s\S]*?```")


def content_text(content: Any) -> str:
    """Give the plain text of an OpenAI message content (string, list of parts, None, other)."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(
            str(part.get("text", ""))
            for part in content
            if isinstance(part, dict) and part.get("type") == "text"
        )
    return str(content)


def has_fence(text: str) -> bool:
    """Give True when text contains a code fence (```).

    A one-character search runs as memchr; CPython's search for a three-character needle steps through the text a
    few bytes at a time (28 µs against 0.5 µs for a 32 KB prompt without backticks).
    """
    return "`" in text and "```" in text


def has_lines(text: str, breaks: int) -> bool:
    """Give text.count("\n") >= breaks, stopping at the last break it needs (memchr again, not a full count)."""
    at = -1
    for _ in range(breaks):
        at = text.find("\n", at + 1)
        if at == -1:
            return False
    return True


def strip_fences(text: str) -> str:
    """Give text with every fenced code block removed."""
    return _FENCE.sub("", text)


def fenced_chars(text: str) -> int:
    """Give the total length of all fenced blocks (```…```, non-greedy), as the _FENCE regex finds them."""
    total, start = 0, text.find("```")
    while start != -1:
        end = text.find("```", start + 3)
        if end == -1:
            break
        total += end + 3 - start
        start = text.find("```", end + 3)
    return total


def estimate_message_tokens(text: str) -> int:
    """Give the routing token estimate for one message: prose/3.5 + code/1.5 + 4."""
    code_chars = fenced_chars(text) if has_fence(text) else 0
    prose_chars = len(text) - code_chars
    return math.ceil(prose_chars / 3.5) + math.ceil(code_chars / 1.5) + 4


def estimate_tokens(texts: list[str]) -> int:
    """Give the routing token estimate over all messages (system included)."""
    return sum(estimate_message_tokens(t) for t in texts)
