"""Anthropic Messages requests → the internal OpenAI chat body (spec gateway §21)."""

from __future__ import annotations

from typing import Any

import orjson

from ...errors import GatewayError

# Provider types whose adapters speak Anthropic's dialect and understand `thinking` and `cache_control`.
ANTHROPIC_FAMILY = frozenset({"anthropic", "bedrock"})
TOOL_CHOICES = {"auto": "auto", "any": "required", "none": "none"}


def invalid(message: str) -> GatewayError:
    """Give the 400 Anthropic clients get for a malformed request."""
    return GatewayError(message, status=400, type="invalid_request_error", code="invalid_request")


def _text_part(block: dict) -> dict:
    part = {"type": "text", "text": str(block.get("text", ""))}
    if block.get("cache_control"):
        part["cache_control"] = block["cache_control"]
    return part


def _image_part(block: dict) -> dict | None:
    source = block.get("source") or {}
    if source.get("type") == "base64" and source.get("data"):
        url = f"data:{source.get('media_type') or 'image/png'};base64,{source['data']}"
    elif source.get("type") == "url" and source.get("url"):
        url = source["url"]
    else:
        return None
    return {"type": "image_url", "image_url": {"url": url}}


def _result_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    texts = []
    for block in content if isinstance(content, list) else ():
        if isinstance(block, dict) and block.get("type") == "text":
            texts.append(str(block.get("text", "")))
        elif isinstance(block, dict) and block.get("type") == "image":
            texts.append("[image]")
    return "\n".join(texts)


def _tool_message(block: dict) -> dict:
    text = _result_text(block.get("content"))
    if block.get("is_error"):
        text = "ERROR: " + text
    return {"role": "tool", "tool_call_id": str(block.get("tool_use_id") or ""), "content": text}


def _collapse(parts: list[dict]) -> str | list[dict]:
    """Give plain text when every part is uncached text (the form every provider accepts)."""
    if all(p["type"] == "text" and "cache_control" not in p for p in parts):
        return "\n".join(p["text"] for p in parts)
    return parts


def _user_messages(content: Any) -> list[dict]:
    if isinstance(content, str):
        return [{"role": "user", "content": content}]
    tools, parts = [], []
    for block in content if isinstance(content, list) else ():
        kind = block.get("type") if isinstance(block, dict) else None
        if kind == "tool_result":
            tools.append(_tool_message(block))
        elif kind == "text":
            parts.append(_text_part(block))
        elif kind == "image":
            image = _image_part(block)
            if image:
                parts.append(image)
        elif kind == "document" and (block.get("source") or {}).get("type") == "text":
            parts.append({"type": "text", "text": str(block["source"].get("data", ""))})
    # OpenAI wants tool results right after the assistant turn that called the tools.
    return tools + ([{"role": "user", "content": _collapse(parts)}] if parts else [])


def _assistant_message(content: Any) -> dict:
    if isinstance(content, str):
        return {"role": "assistant", "content": content}
    texts, calls = [], []
    for block in content if isinstance(content, list) else ():
        kind = block.get("type") if isinstance(block, dict) else None
        if kind == "text":
            texts.append(str(block.get("text", "")))
        elif kind == "tool_use":
            arguments = orjson.dumps(block.get("input") or {}).decode()
            calls.append(
                {
                    "id": str(block.get("id") or ""),
                    "type": "function",
                    "function": {"name": str(block.get("name") or ""), "arguments": arguments},
                }
            )
    message: dict[str, Any] = {"role": "assistant", "content": "".join(texts) or None}
    if calls:
        message["tool_calls"] = calls
    return message


def _system_message(system: Any) -> dict | None:
    if isinstance(system, str):
        return {"role": "system", "content": system} if system else None
    if isinstance(system, list):
        parts = [_text_part(b) for b in system if isinstance(b, dict) and b.get("type") == "text"]
        return {"role": "system", "content": _collapse(parts)} if parts else None
    return None


def _tools(tools: list) -> list[dict]:
    out = []
    for tool in tools:
        # Server tools (web_search_…, bash_…, text_editor_…) have no schema a chat model could call.
        if isinstance(tool, dict) and tool.get("name") and tool.get("type") in (None, "custom"):
            function = {
                "name": tool["name"],
                "description": tool.get("description") or "",
                "parameters": tool.get("input_schema") or {"type": "object", "properties": {}},
            }
            out.append({"type": "function", "function": function})
    return out


def _tool_choice(choice: dict, body: dict) -> None:
    kind = choice.get("type")
    if kind == "tool" and choice.get("name"):
        body["tool_choice"] = {"type": "function", "function": {"name": choice["name"]}}
    elif kind in TOOL_CHOICES:
        body["tool_choice"] = TOOL_CHOICES[kind]
    if choice.get("disable_parallel_tool_use") and kind != "none":
        body["parallel_tool_calls"] = False


def validate(doc: Any) -> dict:
    """Give the request when it has Anthropic's required shape, else raise the 400 Anthropic would send."""
    if not isinstance(doc, dict):
        raise invalid("Request body must be a JSON object")
    if not isinstance(doc.get("model"), str) or not doc["model"].strip():
        raise invalid("model: Field required")
    messages = doc.get("messages")
    if not isinstance(messages, list) or not messages:
        raise invalid("messages: Field required (a non-empty array)")
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or m.get("role") not in ("user", "assistant"):
            raise invalid(f"messages.{i}.role: Input should be 'user' or 'assistant'")
        if not isinstance(m.get("content"), (str, list)):
            raise invalid(f"messages.{i}.content: Input should be a string or a list of blocks")
    max_tokens = doc.get("max_tokens")
    if not isinstance(max_tokens, int) or isinstance(max_tokens, bool) or max_tokens < 1:
        raise invalid("max_tokens: Field required (a positive integer)")
    return doc


def messages_to_chat(doc: dict) -> list[dict]:
    """Give the OpenAI messages (system first) for Anthropic `system` + `messages`."""
    out = []
    system = _system_message(doc.get("system"))
    if system:
        out.append(system)
    for message in doc.get("messages") or ():
        if message.get("role") == "assistant":
            out.append(_assistant_message(message.get("content")))
        else:
            out.extend(_user_messages(message.get("content")))
    return out


def to_chat_request(doc: dict) -> dict:
    """Give the internal OpenAI chat body for a validated Anthropic Messages request."""
    body: dict[str, Any] = {
        "model": doc["model"].strip(),
        "messages": messages_to_chat(doc),
        "max_tokens": doc["max_tokens"],
        "stream": bool(doc.get("stream")),
    }
    for name in ("temperature", "top_p", "thinking"):
        if doc.get(name) is not None:
            body[name] = doc[name]
    if doc.get("stop_sequences"):
        body["stop"] = list(doc["stop_sequences"])
    user = (doc.get("metadata") or {}).get("user_id")
    if user:
        body["user"] = str(user)
    tools = _tools(doc.get("tools") or [])
    if tools:
        body["tools"] = tools
        if isinstance(doc.get("tool_choice"), dict):
            _tool_choice(doc["tool_choice"], body)
    return body


def _strip_cache_control(content: Any) -> Any:
    if not isinstance(content, list):
        return content
    parts = [{k: v for k, v in p.items() if k != "cache_control"} for p in content]
    return _collapse(parts) if all(p.get("type") == "text" for p in parts) else parts


def _in_tool_loop(body: dict) -> bool:
    return any(m.get("role") == "assistant" and m.get("tool_calls") for m in body.get("messages") or ())


def fit_for_provider(body: dict, provider_type: str) -> dict:
    """Give the upstream body without Anthropic-only fields (`thinking`, `cache_control`) for other providers.

    Anthropic-family providers keep them, except `thinking` once the conversation has tool calls: Anthropic then
    demands the signed thinking blocks of earlier turns back, and those do not survive the OpenAI-shaped relay."""
    if provider_type in ANTHROPIC_FAMILY:
        if "thinking" in body and _in_tool_loop(body):
            return {k: v for k, v in body.items() if k != "thinking"}
        return body
    fitted = {k: v for k, v in body.items() if k != "thinking"}
    fitted["messages"] = [
        {**m, "content": _strip_cache_control(m.get("content"))} for m in body.get("messages") or ()
    ]
    return fitted
