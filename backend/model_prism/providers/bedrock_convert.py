"""Translation between OpenAI chat requests/answers and the Bedrock Converse API (both directions)."""

from __future__ import annotations

import re
from typing import Any

import orjson

from .anthropic_convert import JSON_MODE_HINT, data_url_parts, parse_arguments, text_of
from .chunks import base36_id, completion, tool_call, usage_dict

STOP_REASONS = {
    "end_turn": "stop",
    "tool_use": "tool_calls",
    "max_tokens": "length",
    "stop_sequence": "stop",
    "content_filtered": "content_filter",
    "guardrail_intervened": "content_filter",
    "model_context_window_exceeded": "length",
}
_IMAGE_FORMATS = {
    "image/png": "png",
    "image/jpeg": "jpeg",
    "image/jpg": "jpeg",
    "image/gif": "gif",
    "image/webp": "webp",
}
_TEXT_TYPES = ("text", "input_text", "output_text")


def tool_name(name: Any) -> str:
    """Give a tool name Bedrock accepts (`[^a-zA-Z0-9_-]` replaced by `_`)."""
    return re.sub(r"[^a-zA-Z0-9_-]", "_", str(name or "tool"))


def _blocks(content: Any) -> list[dict]:
    if isinstance(content, str):
        return [{"text": content}] if content.strip() else []
    blocks: list[dict] = []
    for part in content if isinstance(content, list) else ():
        if not isinstance(part, dict):
            continue
        kind = part.get("type")
        if kind in _TEXT_TYPES and str(part.get("text", "")).strip():
            blocks.append({"text": str(part["text"])})
        elif kind in ("image_url", "input_image"):
            ref = part.get("image_url")
            url = ref.get("url") if isinstance(ref, dict) else ref
            inline = data_url_parts(url) if isinstance(url, str) else None
            if inline:  # Converse takes no http URLs; those are skipped
                fmt = _IMAGE_FORMATS.get(inline[0].lower(), "jpeg")
                blocks.append({"image": {"format": fmt, "source": {"bytes": inline[1]}}})
        elif kind == "tool_use":
            blocks.append(
                {
                    "toolUse": {
                        "toolUseId": part.get("id"),
                        "name": tool_name(part.get("name")),
                        "input": part.get("input") or {},
                    }
                }
            )
    return blocks


def _tool_result(message: dict) -> dict:
    content = message.get("content")
    text = (
        content
        if isinstance(content, str)
        else (text_of(content) if isinstance(content, list) else orjson.dumps(content).decode())
    )
    return {
        "toolResult": {
            "toolUseId": message.get("tool_call_id") or "unknown",
            "content": [{"text": text.strip() or "(empty result)"}],
        }
    }


def _raw_turns(messages: list[dict]) -> list[dict]:
    turns: list[dict] = []
    for m in messages:
        role = m.get("role")
        if role == "tool":
            if turns and turns[-1]["role"] == "user":
                turns[-1]["content"].append(_tool_result(m))
            else:
                turns.append({"role": "user", "content": [_tool_result(m)]})
            continue
        blocks = _blocks(m.get("content"))
        if role == "assistant":
            for call in m.get("tool_calls") or ():
                fn = call.get("function") or {}
                blocks.append(
                    {
                        "toolUse": {
                            "toolUseId": call.get("id"),
                            "name": tool_name(fn.get("name")),
                            "input": parse_arguments(fn.get("arguments")),
                        }
                    }
                )
            turns.append({"role": "assistant", "content": blocks or [{"text": "."}]})
        elif role == "user":
            turns.append({"role": "user", "content": blocks})
    return turns


def _merge(turns: list[dict]) -> list[dict]:
    merged: list[dict] = []
    for turn in turns:
        if merged and merged[-1]["role"] == turn["role"]:
            merged[-1]["content"].extend(turn["content"])
        else:
            merged.append({"role": turn["role"], "content": list(turn["content"])})
    return merged


def _drop_orphan_tool_uses(turns: list[dict]) -> None:
    for i, turn in enumerate(turns):
        if turn["role"] != "assistant":
            continue
        nxt = turns[i + 1]["content"] if i + 1 < len(turns) and turns[i + 1]["role"] == "user" else []
        answered = {b["toolResult"]["toolUseId"] for b in nxt if "toolResult" in b}
        turn["content"] = [
            b for b in turn["content"] if "toolUse" not in b or b["toolUse"]["toolUseId"] in answered
        ]
        turn["content"] = turn["content"] or [{"text": "."}]


def convert_messages(messages: list[dict]) -> tuple[list[dict], list[dict]]:
    """Give (Converse messages, system blocks) following the repair rules of providers.md §6.2."""
    messages = [m for m in messages if isinstance(m, dict)]
    system = [
        {"text": t}
        for t in (text_of(m.get("content")) for m in messages if m.get("role") in ("system", "developer"))
        if t.strip()
    ]
    turns = _merge(
        [
            t
            for t in _raw_turns([m for m in messages if m.get("role") not in ("system", "developer")])
            if t["content"]
        ]
    )
    if not turns or turns[0]["role"] != "user":
        turns.insert(0, {"role": "user", "content": [{"text": "."}]})
    _drop_orphan_tool_uses(turns)
    if turns[-1]["role"] != "user":
        turns.append({"role": "user", "content": [{"text": "Continue."}]})
    return turns, system


def _tool_choice(choice: Any) -> dict | None:
    if choice == "none":
        return None
    if choice in ("required", "any"):
        return {"any": {}}
    if isinstance(choice, dict) and (choice.get("function") or {}).get("name"):
        return {"tool": {"name": tool_name(choice["function"]["name"])}}
    return {"auto": {}}


def to_converse_request(request: dict) -> dict:
    """Give the Converse body (without modelId, which goes into the URL) for an OpenAI chat request."""
    messages, system = convert_messages(request.get("messages") or [])
    if (request.get("response_format") or {}).get("type") in ("json_object", "json_schema"):
        system.append({"text": JSON_MODE_HINT})
    body: dict[str, Any] = {"messages": messages}
    if system:
        body["system"] = system
    inference = {
        "maxTokens": request.get("max_tokens") or request.get("max_completion_tokens"),
        "temperature": request.get("temperature"),
        "topP": request.get("top_p"),
        "stopSequences": [request["stop"]] if isinstance(request.get("stop"), str) else request.get("stop"),
    }
    inference = {k: v for k, v in inference.items() if v is not None and v != []}
    if inference:
        body["inferenceConfig"] = inference
    tools = [t["function"] for t in request.get("tools") or () if isinstance(t, dict) and t.get("function")]
    if tools:
        specs = [
            {
                "toolSpec": {
                    "name": tool_name(fn.get("name")),
                    "description": fn.get("description") or tool_name(fn.get("name")),
                    "inputSchema": {"json": fn.get("parameters") or {"type": "object", "properties": {}}},
                }
            }
            for fn in tools
        ]
        body["toolConfig"] = {"tools": specs}
        choice = _tool_choice(request.get("tool_choice"))
        if choice and request.get("tool_choice") is not None:
            body["toolConfig"]["toolChoice"] = choice
    return body


def converse_usage(usage: dict) -> dict:
    """Give OpenAI usage for a Converse usage object (cache reads/writes are part of the prompt)."""
    read, write = int(usage.get("cacheReadInputTokens") or 0), int(usage.get("cacheWriteInputTokens") or 0)
    prompt = int(usage.get("inputTokens") or 0) + read + write
    cache = {"cached": read, "cache_write": write} if (read or write) else {}
    return usage_dict(prompt, int(usage.get("outputTokens") or 0), **cache)


def from_converse_response(doc: dict, model: str) -> dict:
    """Give the OpenAI chat.completion for a Converse response."""
    blocks = ((doc.get("output") or {}).get("message") or {}).get("content") or []
    texts = [b["text"] for b in blocks if isinstance(b.get("text"), str)]
    thoughts = [
        ((b.get("reasoningContent") or {}).get("reasoningText") or {}).get("text", "")
        for b in blocks
        if "reasoningContent" in b
    ]
    calls = [
        tool_call(
            b["toolUse"].get("toolUseId", ""),
            b["toolUse"].get("name", ""),
            orjson.dumps(b["toolUse"].get("input") or {}).decode(),
        )
        for b in blocks
        if isinstance(b.get("toolUse"), dict)
    ]
    return completion(
        id=base36_id(),
        model=model,
        content="".join(texts) if texts else None,
        finish_reason=STOP_REASONS.get(doc.get("stopReason") or "", "stop"),
        usage=converse_usage(doc.get("usage") or {}),
        tool_calls=calls or None,
        reasoning="".join(thoughts) or None,
    )
