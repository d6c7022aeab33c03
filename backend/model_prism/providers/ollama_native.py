"""Ollama's native chat API (`/api/chat`, NDJSON streams) translated to and from OpenAI's shapes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from ..errors import ProviderError
from .anthropic_convert import data_url_parts, parse_arguments, text_of
from .chunks import ChunkFactory, base36_id, completion, tool_call, usage_dict
from .sse import CUT_STREAM

_OPTIONS = (("temperature", "temperature"), ("top_p", "top_p"), ("seed", "seed"), ("stop", "stop"))


def _message(m: dict, tool_names: dict[str, str]) -> dict:
    role = "system" if m.get("role") == "developer" else m.get("role", "user")
    out: dict[str, Any] = {"role": role, "content": text_of(m.get("content"))}
    images = []
    for part in m.get("content") if isinstance(m.get("content"), list) else ():
        ref = part.get("image_url") if isinstance(part, dict) else None
        url = ref.get("url") if isinstance(ref, dict) else ref
        inline = data_url_parts(url) if isinstance(url, str) else None
        if inline:
            images.append(inline[1])
    if images:
        out["images"] = images
    if m.get("tool_calls"):
        out["tool_calls"] = [
            {
                "function": {
                    "name": (c.get("function") or {}).get("name"),
                    "arguments": parse_arguments((c.get("function") or {}).get("arguments")),
                }
            }
            for c in m["tool_calls"]
        ]
    if role == "tool":
        name = m.get("name") or tool_names.get(str(m.get("tool_call_id")))
        if name:
            out["tool_name"] = name
    return out


def _tool_names(messages: list[dict]) -> dict[str, str]:
    """Give {tool call id: function name} from the assistant turns (Ollama matches results by name)."""
    return {
        str(c.get("id")): (c.get("function") or {}).get("name", "")
        for m in messages
        if m.get("role") == "assistant"
        for c in m.get("tool_calls") or ()
    }


def to_chat_request(request: dict, stream: bool) -> dict:
    """Give the `/api/chat` body for an OpenAI chat request."""
    messages = [m for m in request.get("messages") or [] if isinstance(m, dict)]
    body: dict[str, Any] = {
        "model": request.get("model"),
        "messages": [_message(m, _tool_names(messages)) for m in messages],
        "stream": stream,
    }
    options = {theirs: request[ours] for ours, theirs in _OPTIONS if request.get(ours) is not None}
    if request.get("max_tokens") or request.get("max_completion_tokens"):
        options["num_predict"] = request.get("max_tokens") or request.get("max_completion_tokens")
    if options:
        body["options"] = options
    if request.get("tools"):
        body["tools"] = request["tools"]
    fmt = request.get("response_format") or {}
    if fmt.get("type") == "json_object":
        body["format"] = "json"
    elif fmt.get("type") == "json_schema":
        body["format"] = (fmt.get("json_schema") or {}).get("schema") or "json"
    return body


def _calls(message: dict, first: int = 0) -> list[dict]:
    """Give OpenAI tool calls; Ollama's own call id when it sends one, else `call_<n>`."""
    return [
        tool_call(
            str(c.get("id") or f"call_{first + i}"),
            (c.get("function") or {}).get("name", ""),
            orjson.dumps((c.get("function") or {}).get("arguments") or {}).decode(),
        )
        for i, c in enumerate(message.get("tool_calls") or ())
    ]


def _finish(doc: dict, calls: bool) -> str:
    return "tool_calls" if calls else ("length" if doc.get("done_reason") == "length" else "stop")


def from_chat_response(doc: dict, model: str) -> dict:
    """Give the chat.completion for an `/api/chat` answer."""
    message = doc.get("message") or {}
    calls = _calls(message)
    return completion(
        id=base36_id(),
        model=doc.get("model") or model,
        content=message.get("content") or ("" if not calls else None),
        finish_reason=_finish(doc, bool(calls)),
        usage=usage_dict(int(doc.get("prompt_eval_count") or 0), int(doc.get("eval_count") or 0)),
        tool_calls=calls or None,
        reasoning=message.get("thinking") or None,
    )


def translate_ndjson(lines: Iterable[bytes], model: str) -> Iterator[dict]:
    """Yield chat chunks for an `/api/chat` NDJSON stream; `{"error"}` lines raise; a cut stream raises 502."""
    chunks = ChunkFactory(id=base36_id(), model=model)
    yield chunks.delta(role="assistant", content="")
    seen_calls = 0
    for raw in lines:
        if not raw.strip():
            continue
        try:
            doc = orjson.loads(raw)
        except orjson.JSONDecodeError:
            continue
        if not isinstance(doc, dict):
            continue
        if doc.get("error"):
            raise ProviderError(f"Ollama stream error: {doc['error']}", status=502)
        message = doc.get("message") or {}
        if message.get("thinking"):
            yield chunks.delta(reasoning_content=message["thinking"])
        if message.get("content"):
            yield chunks.delta(content=message["content"])
        for call in _calls(message, seen_calls):
            yield chunks.tool_start(seen_calls, call["id"], call["function"]["name"])
            yield chunks.tool_arguments(seen_calls, call["function"]["arguments"])
            seen_calls += 1
        if doc.get("done"):
            yield chunks.finish(_finish(doc, seen_calls > 0))
            yield chunks.usage(
                usage_dict(int(doc.get("prompt_eval_count") or 0), int(doc.get("eval_count") or 0))
            )
            return
    raise ProviderError(CUT_STREAM, status=502)


def read_error(data: bytes) -> str:
    """Give the text of an Ollama error body (`{"error": "..."}`)."""
    doc = orjson.loads(data)
    return str(doc.get("error") or orjson.dumps(doc).decode())
