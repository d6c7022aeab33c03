"""Relays an upstream stream as surface-neutral events: each chunk as it arrives, then one final event with usage,
cost_info and auto_routing, or an error event after a failure mid-stream; the upstream is always closed.
Surfaces encode the events (OpenAI SSE here; the Anthropic surface has its own encoder)."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Iterator

import orjson

from ..analytics.costs import Usage
from ..errors import ProviderError
from .accounting import Accounting, account, usage_from
from .context import RequestContext
from .enrichment import auto_routing, cost_info
from .notices import routed_model_note
from .openai_shape import normalise
from .thinking import StreamThinkingStripper
from .tokens import estimate_string

log = logging.getLogger(__name__)
DONE = b"data: [DONE]\n\n"

# Event kinds: ("chunk", OpenAI chunk dict) · ("final", OpenAI usage chunk with cost_info/auto_routing)
#              · ("error", {"message", "type", "code"})
StreamEvent = tuple[str, dict]


def sse(doc: dict) -> bytes:
    return b"data: " + orjson.dumps(doc) + b"\n\n"


def _completion_text(chunk: dict) -> str:
    out = []
    for choice in chunk.get("choices") or ():
        delta = choice.get("delta") or {}
        out.append(delta.get("content") or choice.get("text") or "")
        for call in delta.get("tool_calls") or ():
            out.append(((call.get("function") or {}).get("arguments")) or "")
    return "".join(x for x in out if isinstance(x, str))


def relay_events(
    ctx: RequestContext,
    first: dict | None,
    events: Iterator[dict],
    on_done: Callable[[Accounting | None, Exception | None], None],
) -> Iterator[StreamEvent]:
    """Yield stream events; call on_done exactly once with the accounting (success) or the error."""
    usage_raw: dict | None = None
    produced: list[str] = []
    finishes: list[dict] = []
    template: dict = {}
    error: Exception | None = None
    acc: Accounting | None = None
    stripper = (
        StreamThinkingStripper()
        if ctx.tenant.strip_thinking and ctx.endpoint == "/chat/completions"
        else None
    )
    try:
        for chunk in _chain([first] if first is not None else [], events):
            if chunk.get("usage"):
                usage_raw = chunk["usage"]
            if not template and chunk.get("id"):
                template = {k: chunk.get(k) for k in ("id", "object", "created", "system_fingerprint")}
            if not chunk.get("choices"):
                continue  # the upstream usage chunk: ours (below) replaces it
            chunk = normalise(ctx.endpoint, chunk, ctx.target.model_id, chunk=True)
            if stripper is not None and (chunk := stripper.chunk(chunk)) is None:
                continue
            if _finishes(chunk) and (note := routed_model_note(ctx)):
                yield "chunk", _text_chunk(chunk, note)
            produced.append(_completion_text(chunk))
            finishes.extend(chunk.get("choices") or ())
            yield "chunk", chunk
        usage = (
            usage_from(usage_raw)
            if usage_raw
            else Usage(ctx.estimated_input_tokens, estimate_string("".join(produced)))
        )
        finish = next((c.get("finish_reason") for c in reversed(finishes) if c.get("finish_reason")), None)
        acc = dataclasses.replace(account(ctx, usage), response_text="".join(produced), finish_reason=finish)
        yield "final", final_chunk(ctx, template, acc)
    except ProviderError as exc:
        error = exc
        log.warning("stream from %s failed mid-way: %s", ctx.target.provider.slug, exc.message[:300])
        yield "error", {"message": exc.message, "type": "provider_error", "code": "stream_interrupted"}
    except GeneratorExit:
        if acc is None:  # gone after the closing usage chunk: everything was served (and billed)
            error = ConnectionAbortedError("client disconnected")
        raise
    finally:
        close = getattr(events, "close", None)
        if close is not None:
            close()
        on_done(acc if error is None else None, error)


def final_chunk(ctx: RequestContext, template: dict, acc: Accounting) -> dict:
    """Give the closing usage chunk (`choices: []`) carrying cost_info and, when routed, auto_routing."""
    u = acc.usage
    final = {
        **_defaults(ctx, template),
        "choices": [],
        "usage": {
            "prompt_tokens": u.input_tokens,
            "completion_tokens": u.output_tokens,
            "total_tokens": u.input_tokens + u.output_tokens,
        },
        "cost_info": cost_info(ctx, acc),
    }
    routing = auto_routing(ctx, acc)
    if routing is not None:
        final["auto_routing"] = routing
    return final


def openai_sse(events: Iterator[StreamEvent]) -> Iterator[bytes]:
    """Encode stream events as OpenAI SSE frames ending with [DONE].

    [DONE] leaves with the closing usage chunk (one write); the events then run to their end (the request's record)
    while the client already has the whole stream."""
    closed = False
    for kind, doc in events:
        if kind == "error":
            yield sse({"error": {**doc, "param": None}})
        elif kind == "final":
            closed = True
            yield sse(doc) + DONE
        else:
            yield sse(doc)
    if not closed:
        yield DONE


def _finishes(chunk: dict) -> bool:
    return any(c.get("finish_reason") for c in chunk.get("choices") or ())


def _text_chunk(like: dict, text: str) -> dict:
    choice = {"index": 0, "delta": {"content": text}, "logprobs": None, "finish_reason": None}
    return {**{k: v for k, v in like.items() if k != "choices" and k != "usage"}, "choices": [choice]}


def _chain(first: list[dict], rest: Iterator[dict]) -> Iterator[dict]:
    yield from first
    yield from rest


def _defaults(ctx: RequestContext, template: dict) -> dict:
    obj = "chat.completion.chunk" if ctx.endpoint == "/chat/completions" else "text_completion"
    out = {
        "id": template.get("id") or f"chatcmpl-{ctx.request_id}",
        "object": template.get("object") or obj,
        "created": template.get("created") or int(time.time()),
        "model": ctx.target.model_id,
    }
    if template.get("system_fingerprint"):
        out["system_fingerprint"] = template["system_fingerprint"]
    return out
