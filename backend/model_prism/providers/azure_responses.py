"""Azure OpenAI Responses API: request body, answer and stream events translated to OpenAI chat shapes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import orjson

from ..errors import ProviderError
from .chunks import ChunkFactory, base36_id, completion, tool_call, usage_dict
from .sse import CUT_STREAM, iter_sse_json

_TEXT_TYPES = ("text", "input_text", "output_text")
# §5.5 removals, plus [DD] chat-only parameters the Responses API rejects as unknown.
_DROP = (
    "max_completion_tokens",
    "stream_options",
    "frequency_penalty",
    "presence_penalty",
    "logprobs",
    "top_logprobs",
    "n",
    "stop",
    "logit_bias",
    "seed",
    "functions",
    "function_call",
    "data_sources",
)


def _part(part, text_type: str):
    if not isinstance(part, dict):
        return part
    if part.get("type") in _TEXT_TYPES:
        return {**part, "type": text_type}
    if part.get("type") == "image_url":
        ref = part.get("image_url")
        return {"type": "input_image", "image_url": ref.get("url") if isinstance(ref, dict) else ref}
    return part


def _input_item(message: dict) -> dict:
    if message.get("role") == "tool":
        # The Responses API has no tool role; same rewrite as the gateway's Azure pre-pass (§5.6).
        content = message.get("content")
        text = content if isinstance(content, str) else orjson.dumps(content).decode()
        label = message.get("tool_call_id") or "unknown"
        return {
            "role": "user",
            "content": [{"type": "input_text", "text": f"[Tool result for {label}]: {text}"}],
        }
    content = message.get("content")
    if isinstance(content, list):
        text_type = "output_text" if message.get("role") == "assistant" else "input_text"
        content = [_part(p, text_type) for p in content]
    return {**{k: v for k, v in message.items() if k != "content"}, "content": content}


def _text_format(response_format: dict) -> dict:
    if response_format.get("type") == "json_schema":
        schema = response_format.get("json_schema") or {}
        keep = ("name", "schema", "strict", "description")
        return {"format": {"type": "json_schema", **{k: v for k, v in schema.items() if k in keep}}}
    return {"format": {"type": response_format.get("type") or "text"}}


def to_responses_request(body: dict, model: str) -> dict:
    """Give the Responses API body for a sanitised chat body (providers.md §5.5)."""
    out = {k: v for k, v in body.items() if k not in _DROP and k != "messages"}
    out["model"] = model
    if "messages" in body:
        out["input"] = [_input_item(m) for m in body["messages"] if isinstance(m, dict)]
    if body.get("tools"):
        out["tools"] = [
            {
                "type": "function",
                **{
                    k: t["function"].get(k)
                    for k in ("name", "description", "parameters")
                    if k in t["function"]
                },
            }
            if isinstance(t, dict) and isinstance(t.get("function"), dict)
            else t
            for t in body["tools"]
        ]
    if isinstance(out.get("tool_choice"), dict) and isinstance(out["tool_choice"].get("function"), dict):
        out["tool_choice"] = {"type": "function", "name": out["tool_choice"]["function"].get("name")}
    if isinstance(out.get("response_format"), dict):
        out["text"] = _text_format(out.pop("response_format"))
    if "max_tokens" in out:
        out["max_output_tokens"] = out.pop("max_tokens")
    if "reasoning_effort" in out:
        out["reasoning"] = {**(out.get("reasoning") or {}), "effort": out.pop("reasoning_effort")}
    return out


def _usage(usage: dict) -> dict:
    cached = ((usage.get("input_tokens_details") or {}).get("cached_tokens")) or None
    return usage_dict(
        int(usage.get("input_tokens") or 0), int(usage.get("output_tokens") or 0), cached=cached
    )


def from_responses_answer(doc: dict, model: str) -> dict:
    """Give the chat.completion for a Responses answer: output_text parts joined, function calls as tool_calls."""
    texts, calls = [], []
    for item in doc.get("output") or ():
        if item.get("type") == "message" and item.get("role", "assistant") == "assistant":
            texts += [p.get("text", "") for p in item.get("content") or () if p.get("type") == "output_text"]
        elif item.get("type") == "function_call":
            calls.append(
                tool_call(
                    item.get("call_id") or item.get("id", ""),
                    item.get("name", ""),
                    item.get("arguments") or "{}",
                )
            )
    return completion(
        id=doc.get("id") or base36_id(),
        model=doc.get("model") or model,
        content="".join(texts) if texts else None,
        finish_reason="length" if doc.get("status") == "incomplete" else "tool_calls" if calls else "stop",
        usage=_usage(doc.get("usage") or {}),
        tool_calls=calls or None,
    )


def translate_responses_stream(lines: Iterable[bytes], model: str) -> Iterator[dict]:
    """Yield chat chunks for a Responses SSE stream (§5.5); `error`/`response.failed` raise, a cut stream raises 502."""
    chunks = ChunkFactory(id=base36_id(), model=model)
    index = -1
    yield chunks.delta(role="assistant", content="")
    for event, doc in iter_sse_json(lines):
        kind = doc.get("type") or event
        if kind == "response.output_text.delta":
            yield chunks.delta(content=doc.get("delta", ""))
        elif kind == "response.output_item.added" and (doc.get("item") or {}).get("type") == "function_call":
            item, index = doc["item"], index + 1
            yield chunks.tool_start(index, item.get("call_id") or item.get("id", ""), item.get("name", ""))
        elif kind == "response.function_call_arguments.delta":
            yield chunks.tool_arguments(max(index, 0), doc.get("delta", ""))
        elif kind in ("response.completed", "response.incomplete"):
            response = doc.get("response") or {}
            cut_short = kind == "response.incomplete"  # e.g. max_output_tokens reached
            yield chunks.finish("length" if cut_short else "tool_calls" if index >= 0 else "stop")
            yield chunks.usage(_usage(response.get("usage") or {}))
            return
        elif kind in ("error", "response.failed"):
            err = doc.get("error") or (doc.get("response") or {}).get("error") or doc
            raise ProviderError(
                f"Azure Responses error: {err.get('code') or ''} {err.get('message') or ''}".strip(),
                status=502,
            )
    raise ProviderError(CUT_STREAM, status=502)
