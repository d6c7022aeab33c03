"""Strips reasoning/thinking output from answers when the tenant asks for it (spec gateway §13.4, §14)."""

from __future__ import annotations

import re

_BLOCK = re.compile(r"<(think|thinking)>.*?</\1>\s*", re.DOTALL | re.IGNORECASE)
_OPEN = re.compile(r"<(think|thinking)>", re.IGNORECASE)
_CLOSE = re.compile(r"</(think|thinking)>\s*", re.IGNORECASE)


def strip_message(message: dict) -> dict:
    """Give the message without reasoning_content, <think> blocks and thinking parts."""
    message.pop("reasoning_content", None)
    content = message.get("content")
    if isinstance(content, str):
        message["content"] = _BLOCK.sub("", content).strip()
    elif isinstance(content, list):
        message["content"] = [p for p in content if not (isinstance(p, dict) and p.get("type") == "thinking")]
    return message


class StreamThinkingStripper:
    """State machine over streamed deltas: drops text between <think> tags and reasoning-only chunks."""

    def __init__(self) -> None:
        self.inside = False

    def _text(self, text: str) -> str:
        out = []
        while text:
            if self.inside:
                close = _CLOSE.search(text)
                if close is None:
                    return "".join(out)
                self.inside, text = False, text[close.end() :]
            else:
                opening = _OPEN.search(text)
                if opening is None:
                    out.append(text)
                    break
                out.append(text[: opening.start()])
                self.inside, text = True, text[opening.end() :]
        return "".join(out)

    def chunk(self, chunk: dict) -> dict | None:
        """Give the chunk with thinking removed, or None when nothing else remains in it."""
        keep = False
        for choice in chunk.get("choices") or []:
            delta = choice.get("delta") or {}
            delta.pop("reasoning_content", None)
            if delta.get("role") == "thinking":
                return None
            if isinstance(delta.get("content"), str):
                delta["content"] = self._text(delta["content"])
            keep = keep or bool(
                delta.get("content")
                or delta.get("role")
                or delta.get("tool_calls")
                or choice.get("finish_reason")
            )
        return chunk if keep or not chunk.get("choices") else None
