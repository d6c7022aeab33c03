"""Builders for the OpenAI-shaped objects every adapter hands back (completions, chunks, usage)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any


def base36_id(prefix: str = "chatcmpl-") -> str:
    """Give a response id from the current time in base 36 (what Bedrock answers lack)."""
    n, digits, out = time.time_ns() // 1000, "0123456789abcdefghijklmnopqrstuvwxyz", ""
    while n:
        n, r = divmod(n, 36)
        out = digits[r] + out
    return prefix + (out or "0")


def usage_dict(
    prompt: int, completion: int, *, cached: int | None = None, cache_write: int | None = None
) -> dict:
    """Give OpenAI's usage object; cached input tokens go to prompt_tokens_details (counted in prompt)."""
    usage: dict[str, Any] = {
        "prompt_tokens": int(prompt),
        "completion_tokens": int(completion),
        "total_tokens": int(prompt) + int(completion),
    }
    if cached is not None or cache_write is not None:
        usage["prompt_tokens_details"] = {"cached_tokens": int(cached or 0)}
        if cache_write:
            usage["prompt_tokens_details"]["cache_creation_tokens"] = int(cache_write)
    return usage


def tool_call(call_id: str, name: str, arguments: str) -> dict:
    """Give one OpenAI tool call entry of a chat completion message."""
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}


def completion(
    *,
    id: str,
    model: str,
    content: str | None,
    finish_reason: str,
    usage: dict | None,
    tool_calls: list[dict] | None = None,
    reasoning: str | None = None,
    created: int | None = None,
) -> dict:
    """Give an OpenAI chat.completion object with one choice."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_calls:
        message["tool_calls"] = tool_calls
    if reasoning:
        message["reasoning_content"] = reasoning
    doc: dict[str, Any] = {
        "id": id,
        "object": "chat.completion",
        "created": created or int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": finish_reason}],
    }
    if usage is not None:
        doc["usage"] = usage
    return doc


@dataclass
class ChunkFactory:
    """Makes the chat.completion.chunk objects of one stream (same id, model and created on each)."""

    id: str
    model: str
    created: int = field(default_factory=lambda: int(time.time()))

    def _chunk(self, choices: list[dict], **extra: Any) -> dict:
        return {
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
            "choices": choices,
            **extra,
        }

    def delta(self, **delta: Any) -> dict:
        """Give a chunk carrying one delta (role, content, tool_calls, reasoning_content)."""
        body = {k: v for k, v in delta.items() if v is not None}
        return self._chunk([{"index": 0, "delta": body, "logprobs": None, "finish_reason": None}])

    def tool_start(self, index: int, call_id: str, name: str) -> dict:
        """Give the chunk that opens a tool call (id, name, empty arguments)."""
        call = {
            "index": index,
            "id": call_id,
            "type": "function",
            "function": {"name": name, "arguments": ""},
        }
        return self.delta(tool_calls=[call])

    def tool_arguments(self, index: int, fragment: str) -> dict:
        """Give the chunk that appends an arguments fragment to tool call `index`."""
        return self.delta(tool_calls=[{"index": index, "function": {"arguments": fragment}}])

    def finish(self, reason: str) -> dict:
        """Give the chunk with the finish reason and an empty delta."""
        return self._chunk([{"index": 0, "delta": {}, "logprobs": None, "finish_reason": reason}])

    def usage(self, usage: dict) -> dict:
        """Give the last chunk: no choices, the usage."""
        return self._chunk([], usage=usage)
