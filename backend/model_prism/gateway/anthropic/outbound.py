"""The internal OpenAI chat answer → Anthropic's `message` object (spec gateway §21)."""

from __future__ import annotations

from typing import Any

from ...analytics.costs import Usage
from ...providers.anthropic_convert import parse_arguments, text_of
from ..accounting import Accounting
from ..context import RequestContext
from ..enrichment import auto_routing, cost_info

STOP_REASONS = {
    "stop": "end_turn",
    "length": "max_tokens",
    "tool_calls": "tool_use",
    "function_call": "tool_use",
    "content_filter": "refusal",
}


def stop_reason(finish_reason: str | None) -> str:
    """Give Anthropic's stop_reason for an OpenAI finish_reason."""
    return STOP_REASONS.get(finish_reason or "stop", "end_turn")


def message_id(ctx: RequestContext, upstream_id: Any = None) -> str:
    """Give a `msg_…` id: the upstream's when it already is one (native Anthropic), else one from the request id."""
    if isinstance(upstream_id, str) and upstream_id.startswith("msg_"):
        return upstream_id
    return f"msg_{ctx.request_id}"


def cache_write_tokens(raw_usage: dict | None) -> int:
    """Give the cache-creation tokens an adapter reported in `prompt_tokens_details` (0 when none)."""
    details = (raw_usage or {}).get("prompt_tokens_details") or {}
    return int(details.get("cache_creation_tokens") or 0)


def anthropic_usage(usage: Usage, cache_write: int = 0) -> dict:
    """Give Anthropic's usage object: input_tokens excludes cache reads and writes, which are counted apart."""
    read = usage.cached_input_tokens
    return {
        "input_tokens": max(usage.input_tokens - read - cache_write, 0),
        "output_tokens": usage.output_tokens,
        "cache_creation_input_tokens": cache_write,
        "cache_read_input_tokens": read,
    }


def tool_use_block(call: dict) -> dict:
    """Give the tool_use block for one OpenAI tool call."""
    fn = call.get("function") or {}
    return {
        "type": "tool_use",
        "id": str(call.get("id") or ""),
        "name": str(fn.get("name") or ""),
        "input": parse_arguments(fn.get("arguments")),
    }


def content_blocks(message: dict) -> list[dict]:
    """Give the text and tool_use blocks of an OpenAI assistant message (reasoning is not forwarded)."""
    blocks: list[dict] = []
    text = text_of(message.get("content"))
    if text:
        blocks.append({"type": "text", "text": text})
    blocks.extend(tool_use_block(c) for c in message.get("tool_calls") or () if isinstance(c, dict))
    return blocks


def enrichment(ctx: RequestContext, acc: Accounting) -> dict:
    """Give our extra top-level fields (cost_info, auto_routing when routed); Anthropic SDKs ignore them."""
    extra: dict[str, Any] = {"cost_info": cost_info(ctx, acc)}
    routing = auto_routing(ctx, acc)
    if routing is not None:
        extra["auto_routing"] = routing
    return extra


def to_message(ctx: RequestContext, body: dict, acc: Accounting) -> dict:
    """Give the Anthropic `message` for a served OpenAI chat.completion, with the enrichment objects."""
    choice = (body.get("choices") or [{}])[0]
    message = choice.get("message") or {}
    return {
        "id": message_id(ctx, body.get("id")),
        "type": "message",
        "role": "assistant",
        "model": ctx.target.model_id,
        "content": content_blocks(message),
        "stop_reason": stop_reason(choice.get("finish_reason")),
        "stop_sequence": None,
        "usage": anthropic_usage(acc.usage, cache_write_tokens(body.get("usage"))),
        **enrichment(ctx, acc),
    }
