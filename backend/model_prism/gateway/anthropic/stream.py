"""Encodes the gateway's stream events as Anthropic's SSE: message_start, ping, content_block_start/delta/stop
per block (text_delta, input_json_delta), message_delta with stop_reason and cumulative usage, message_stop."""

from __future__ import annotations

from collections.abc import Iterator

import orjson

from ...analytics.costs import Usage
from ..context import RequestContext
from .keepalive import with_keepalive
from .outbound import anthropic_usage, message_id, stop_reason

ERROR_TYPES = {"routing_error": "overloaded_error", "rate_limit_error": "rate_limit_error"}


def sse_event(name: str, doc: dict) -> bytes:
    """Give one `event:`/`data:` frame."""
    return b"event: " + name.encode() + b"\ndata: " + orjson.dumps(doc) + b"\n\n"


PING = sse_event("ping", {"type": "ping"})


class MessageStream:
    """The block bookkeeping of one streamed message: which block is open and which tool call owns which index."""

    def __init__(self, ctx: RequestContext) -> None:
        self.ctx = ctx
        self.index = -1
        self.open: tuple[str, int] | None = None  # ("text", -1) or ("tool", OpenAI tool-call index)
        self.tool_blocks: dict[int, int] = {}
        self.finish_reason: str | None = None

    def start(self) -> list[bytes]:
        message = {
            "id": message_id(self.ctx),
            "type": "message",
            "role": "assistant",
            "model": self.ctx.target.model_id,
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {
                "input_tokens": self.ctx.estimated_input_tokens,
                "output_tokens": 1,
                "cache_creation_input_tokens": 0,
                "cache_read_input_tokens": 0,
            },
        }
        return [sse_event("message_start", {"type": "message_start", "message": message}), PING]

    def _close(self) -> list[bytes]:
        if self.open is None:
            return []
        self.open = None
        return [sse_event("content_block_stop", {"type": "content_block_stop", "index": self.index})]

    def _open(self, key: tuple[str, int], block: dict) -> list[bytes]:
        frames = self._close()
        self.index += 1
        self.open = key
        doc = {"type": "content_block_start", "index": self.index, "content_block": block}
        return frames + [sse_event("content_block_start", doc)]

    @staticmethod
    def _delta(index: int, delta: dict) -> bytes:
        return sse_event(
            "content_block_delta", {"type": "content_block_delta", "index": index, "delta": delta}
        )

    def _text(self, text: str) -> list[bytes]:
        frames = [] if self.open == ("text", -1) else self._open(("text", -1), {"type": "text", "text": ""})
        return frames + [self._delta(self.index, {"type": "text_delta", "text": text})]

    def _tool(self, position: int, call: dict) -> list[bytes]:
        number = call.get("index", position)
        fn = call.get("function") or {}
        frames: list[bytes] = []
        if number not in self.tool_blocks:
            block = {"type": "tool_use", "id": str(call.get("id") or ""), "name": fn.get("name") or ""}
            frames = self._open(("tool", number), {**block, "input": {}})
            self.tool_blocks[number] = self.index
        if fn.get("arguments"):
            delta = {"type": "input_json_delta", "partial_json": fn["arguments"]}
            frames.append(self._delta(self.tool_blocks[number], delta))
        return frames

    def chunk(self, chunk: dict) -> list[bytes]:
        frames: list[bytes] = []
        for choice in chunk.get("choices") or ():
            delta = choice.get("delta") or {}
            content = delta.get("content") if delta else choice.get("text")
            if isinstance(content, str) and content:
                frames += self._text(content)
            for position, call in enumerate(delta.get("tool_calls") or ()):
                frames += self._tool(position, call)
            if choice.get("finish_reason"):
                self.finish_reason = choice["finish_reason"]
        return frames

    def final(self, doc: dict) -> list[bytes]:
        info = doc.get("cost_info") or {}
        raw = doc.get("usage") or {}
        usage = Usage(
            int(info.get("input_tokens", raw.get("prompt_tokens", 0)) or 0),
            int(info.get("output_tokens", raw.get("completion_tokens", 0)) or 0),
            int(info.get("cached_input_tokens") or 0),
        )
        delta = {
            "type": "message_delta",
            "delta": {"stop_reason": stop_reason(self.finish_reason), "stop_sequence": None},
            "usage": anthropic_usage(usage),
            **{k: doc[k] for k in ("cost_info", "auto_routing") if k in doc},
        }
        stop = sse_event("message_stop", {"type": "message_stop"})
        return self._close() + [sse_event("message_delta", delta), stop]

    @staticmethod
    def error(doc: dict) -> list[bytes]:
        error = {"type": ERROR_TYPES.get(doc.get("type", ""), "api_error"), "message": doc.get("message", "")}
        return [sse_event("error", {"type": "error", "error": error})]


def anthropic_sse(ctx: RequestContext, events: Iterator[tuple[str, dict]]) -> Iterator[bytes]:
    """Encode the gateway's stream events (chunk / final / error) as Anthropic SSE frames."""
    state = MessageStream(ctx)
    yield from state.start()
    stream = with_keepalive(events)
    try:
        for kind, doc in stream:
            if kind == "ping":
                yield PING
            elif kind == "chunk":
                yield from state.chunk(doc)
            elif kind == "final":
                yield from state.final(doc)
            elif kind == "error":
                yield from state.error(doc)  # the relay ends after its error event
    finally:
        stream.close()  # stops the keep-alive reader first: the upstream is never closed while being read
        close = getattr(events, "close", None)
        if close is not None:
            close()  # a client disconnect must free the upstream at once
