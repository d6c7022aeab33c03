"""Translation between OpenAI chat requests/answers and Anthropic's Messages API (both directions)."""

from __future__ import annotations

from typing import Any

import orjson

from .chunks import completion, tool_call, usage_dict

DEFAULT_MAX_TOKENS = 4096
JSON_MODE_HINT = "Respond with a single valid JSON object and nothing else."
STOP_REASONS = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "pause_turn": "stop",
    "max_tokens": "length",
    "model_context_window_exceeded": "length",
    "tool_use": "tool_calls",
    "refusal": "content_filter",
}
ERROR_STATUS = {
    "invalid_request_error": 400,
    "authentication_error": 401,
    "billing_error": 402,
    "permission_error": 403,
    "not_found_error": 404,
    "request_too_large": 413,
    "rate_limit_error": 429,
    "api_error": 500,
    "timeout_error": 504,
    "overloaded_error": 529,
}


def text_of(content: Any) -> str:
    """Give the plain text of an OpenAI message content (string or list of parts)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(
            str(p.get("text", "")) for p in content if isinstance(p, dict) and p.get("type") in _TEXT_TYPES
        )
    return "" if content is None else orjson.dumps(content).decode()


_TEXT_TYPES = ("text", "input_text", "output_text")


def parse_arguments(arguments: Any) -> dict:
    """Give tool-call arguments as an object; invalid JSON is kept as {"raw": <string>}."""
    if isinstance(arguments, dict):
        return arguments
    try:
        value = orjson.loads(arguments or "{}")
    except (orjson.JSONDecodeError, TypeError):
        return {"raw": str(arguments)}
    return value if isinstance(value, dict) else {"raw": str(arguments)}


def data_url_parts(url: str) -> tuple[str, str] | None:
    """Give (media type, base64 data) of a `data:<mime>;base64,<data>` URL, else None."""
    if not url.startswith("data:") or ";base64," not in url:
        return None
    head, data = url[5:].split(";base64,", 1)
    return (head or "image/jpeg"), data


def _image_block(part: dict) -> dict | None:
    ref = part.get("image_url")
    url = ref.get("url") if isinstance(ref, dict) else ref
    if not isinstance(url, str):
        return None
    inline = data_url_parts(url)
    if inline:
        return {"type": "image", "source": {"type": "base64", "media_type": inline[0], "data": inline[1]}}
    if url.startswith(("http://", "https://")):
        return {"type": "image", "source": {"type": "url", "url": url}}
    return None


def _content_blocks(content: Any) -> list[dict]:
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    blocks: list[dict] = []
    for part in content if isinstance(content, list) else ():
        if not isinstance(part, dict):
            continue
        kind = part.get("type")
        if kind in _TEXT_TYPES:
            block = {"type": "text", "text": str(part.get("text", ""))}
            if part.get("cache_control"):
                block["cache_control"] = part["cache_control"]
            blocks.append(block)
        elif kind in ("image_url", "input_image"):
            image = _image_block(part)
            if image:
                blocks.append(image)
        elif kind in ("tool_use", "tool_result", "image", "document", "thinking", "redacted_thinking"):
            blocks.append(part)
    return blocks


def _system(messages: list[dict], json_mode: bool) -> str | list[dict] | None:
    parts = [m for m in messages if m.get("role") in ("system", "developer")]
    texts = [text_of(m.get("content")) for m in parts]
    if json_mode:
        texts.append(JSON_MODE_HINT)
    cached = any(
        isinstance(m.get("content"), list)
        and any(isinstance(b, dict) and b.get("cache_control") for b in m["content"])
        for m in parts
    )
    if cached:
        blocks = [b for m in parts for b in _content_blocks(m.get("content")) if b.get("text")]
        return blocks + ([{"type": "text", "text": JSON_MODE_HINT}] if json_mode else [])
    joined = "\n\n".join(t for t in texts if t.strip())
    return joined or None


def _turn(message: dict) -> tuple[str, list[dict]]:
    role = message.get("role")
    if role == "tool":
        result = {
            "type": "tool_result",
            "tool_use_id": message.get("tool_call_id") or "unknown",
            "content": text_of(message.get("content")),
        }
        return "user", [result]
    blocks = _content_blocks(message.get("content"))
    if role == "assistant":
        for call in message.get("tool_calls") or ():
            fn = call.get("function") or {}
            blocks.append(
                {
                    "type": "tool_use",
                    "id": call.get("id") or "unknown",
                    "name": fn.get("name") or "unknown",
                    "input": parse_arguments(fn.get("arguments")),
                }
            )
    return ("assistant" if role == "assistant" else "user"), blocks


def convert_messages(messages: list[dict]) -> list[dict]:
    """Give Anthropic `messages`: merged same-role turns, user first, no empty text blocks."""
    turns: list[dict] = []
    for message in messages:
        if not isinstance(message, dict) or message.get("role") in ("system", "developer"):
            continue
        role, blocks = _turn(message)
        blocks = [b for b in blocks if not (b.get("type") == "text" and not str(b.get("text", "")).strip())]
        if not blocks:
            continue
        if turns and turns[-1]["role"] == role:
            turns[-1]["content"].extend(blocks)
        else:
            turns.append({"role": role, "content": blocks})
    _drop_unanswered_tool_uses(turns)
    for turn in turns:
        if turn["role"] == "user":
            # Anthropic wants tool_result blocks before any other block of the user turn.
            turn["content"].sort(key=lambda b: b.get("type") != "tool_result")
    if not turns or turns[0]["role"] != "user":
        turns.insert(0, {"role": "user", "content": [{"type": "text", "text": "."}]})
    return turns


def _drop_unanswered_tool_uses(turns: list[dict]) -> None:
    """Remove tool_use blocks whose result is not in the next user turn (Anthropic rejects them with a 400)."""
    for i, turn in enumerate(turns):
        if turn["role"] != "assistant":
            continue
        nxt = turns[i + 1]["content"] if i + 1 < len(turns) else []
        answered = {b.get("tool_use_id") for b in nxt if b.get("type") == "tool_result"}
        if i + 1 == len(turns):
            continue  # a trailing assistant turn is a prefill; leave it as sent
        turn["content"] = [
            b for b in turn["content"] if b.get("type") != "tool_use" or b.get("id") in answered
        ]
        turn["content"] = turn["content"] or [{"type": "text", "text": "."}]


def _tool_choice(request: dict) -> dict | None:
    choice = request.get("tool_choice")
    mapped: dict | None
    if choice == "required":
        mapped = {"type": "any"}
    elif choice == "none":
        mapped = {"type": "none"}
    elif isinstance(choice, dict) and (choice.get("function") or {}).get("name"):
        mapped = {"type": "tool", "name": choice["function"]["name"]}
    elif choice is None and request.get("parallel_tool_calls") is not False:
        return None
    else:
        mapped = {"type": "auto"}
    if request.get("parallel_tool_calls") is False and mapped["type"] != "none":
        mapped["disable_parallel_tool_use"] = True
    return mapped


def to_messages_request(request: dict, default_max_tokens: int | None = None) -> dict:
    """Give the Anthropic Messages body for an OpenAI chat request (unknown OpenAI parameters dropped)."""
    messages = [m for m in request.get("messages") or [] if isinstance(m, dict)]
    fmt = (request.get("response_format") or {}).get("type")
    body: dict[str, Any] = {
        "model": request.get("model"),
        "messages": convert_messages(messages),
        "max_tokens": request.get("max_tokens")
        or request.get("max_completion_tokens")
        or default_max_tokens
        or DEFAULT_MAX_TOKENS,
    }
    system = _system(messages, fmt in ("json_object", "json_schema"))
    if system:
        body["system"] = system
    for key in ("temperature", "top_p", "thinking"):
        if request.get(key) is not None:
            body[key] = request[key]
    if "temperature" in body and "top_p" in body:
        body.pop("top_p")  # current Claude models refuse both at once; temperature is the common knob
    stop = request.get("stop")
    if stop:
        body["stop_sequences"] = [stop] if isinstance(stop, str) else list(stop)
    if request.get("user"):
        body["metadata"] = {"user_id": str(request["user"])}
    tools = [t for t in request.get("tools") or () if isinstance(t, dict) and t.get("function")]
    if tools:
        body["tools"] = [
            {
                "name": t["function"].get("name"),
                "description": t["function"].get("description") or "",
                "input_schema": t["function"].get("parameters") or {"type": "object", "properties": {}},
            }
            for t in tools
        ]
        choice = _tool_choice(request)
        if choice:
            body["tool_choice"] = choice
    return body


def messages_usage(usage: dict) -> dict:
    """Give OpenAI usage for an Anthropic usage object (cache reads and writes count as prompt tokens)."""
    read = int(usage.get("cache_read_input_tokens") or 0)
    write = int(usage.get("cache_creation_input_tokens") or 0)
    prompt = int(usage.get("input_tokens") or 0) + read + write
    return usage_dict(prompt, int(usage.get("output_tokens") or 0), cached=read, cache_write=write)


def from_messages_response(doc: dict, model: str) -> dict:
    """Give the OpenAI chat.completion for an Anthropic message object."""
    texts, thoughts, calls = [], [], []
    for block in doc.get("content") or ():
        kind = block.get("type")
        if kind == "text":
            texts.append(block.get("text", ""))
        elif kind == "thinking":
            thoughts.append(block.get("thinking", ""))
        elif kind == "tool_use":
            calls.append(
                tool_call(
                    block.get("id", ""),
                    block.get("name", ""),
                    orjson.dumps(block.get("input") or {}).decode(),
                )
            )
    return completion(
        id=doc.get("id") or "msg",
        model=doc.get("model") or model,
        content="".join(texts) if texts else None,
        finish_reason=STOP_REASONS.get(doc.get("stop_reason") or "", "stop"),
        usage=messages_usage(doc.get("usage") or {}),
        tool_calls=calls or None,
        reasoning="".join(thoughts) or None,
    )


def read_error(data: bytes) -> str:
    """Give `<type>: <message>` of an Anthropic error body (`{type:'error', error:{type, message}}`)."""
    doc = orjson.loads(data)
    err = doc.get("error") or {}
    return f"{err.get('type', 'error')}: {err.get('message') or orjson.dumps(doc).decode()}"
