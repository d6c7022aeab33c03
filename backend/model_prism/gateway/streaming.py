"""Relays an upstream stream as OpenAI SSE: chunks as they arrive, a final usage chunk with cost_info and
auto_routing, a clean error event after a failure mid-stream, and the upstream always closed."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator

import orjson

from ..analytics.costs import Usage
from ..errors import ProviderError
from .accounting import Accounting, account, usage_from
from .context import RequestContext
from .enrichment import auto_routing, cost_info
from .tokens import estimate_string

log = logging.getLogger(__name__)
DONE = b"data: [DONE]\n\n"


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


def relay(
    ctx: RequestContext,
    first: dict | None,
    events: Iterator[dict],
    on_done: Callable[[Accounting | None, Exception | None], None],
) -> Iterator[bytes]:
    """Yield SSE frames; call on_done exactly once with the accounting (success) or the error."""
    usage_raw: dict | None = None
    produced: list[str] = []
    template: dict = {}
    error: Exception | None = None
    acc: Accounting | None = None
    try:
        pending = [first] if first is not None else []
        for chunk in _chain(pending, events):
            if chunk.get("usage"):
                usage_raw = chunk["usage"]
            if not template and chunk.get("id"):
                template = {k: chunk.get(k) for k in ("id", "object", "created", "system_fingerprint")}
            if not chunk.get("choices"):
                continue  # the upstream usage chunk: ours (below) replaces it
            chunk["model"] = ctx.target.model_id
            produced.append(_completion_text(chunk))
            yield sse(chunk)
        usage = (
            usage_from(usage_raw)
            if usage_raw
            else Usage(ctx.estimated_input_tokens, estimate_string("".join(produced)))
        )
        acc = account(ctx, usage)
        final = {
            **_defaults(ctx, template),
            "choices": [],
            "usage": {
                "prompt_tokens": usage.input_tokens,
                "completion_tokens": usage.output_tokens,
                "total_tokens": usage.input_tokens + usage.output_tokens,
            },
            "cost_info": cost_info(ctx, acc),
        }
        routing = auto_routing(ctx, acc)
        if routing is not None:
            final["auto_routing"] = routing
        yield sse(final)
        yield DONE
    except ProviderError as exc:
        error = exc
        log.warning("stream from %s failed mid-way: %s", ctx.target.provider.slug, exc.message[:300])
        yield sse(
            {
                "error": {
                    "message": exc.message,
                    "type": "provider_error",
                    "code": "stream_interrupted",
                    "param": None,
                }
            }
        )
        yield DONE
    except GeneratorExit:
        error = ConnectionAbortedError("client disconnected")
        raise
    finally:
        close = getattr(events, "close", None)
        if close is not None:
            close()
        on_done(acc if error is None else None, error)


def _chain(first: list[dict], rest: Iterator[dict]) -> Iterator[dict]:
    yield from first
    yield from rest


def _defaults(ctx: RequestContext, template: dict) -> dict:
    obj = "chat.completion.chunk" if ctx.endpoint == "/chat/completions" else "text_completion"
    return {
        "id": template.get("id") or f"chatcmpl-{ctx.request_id}",
        "object": template.get("object") or obj,
        "created": template.get("created") or int(time.time()),
        "model": ctx.target.model_id,
        "system_fingerprint": template.get("system_fingerprint"),
    }
