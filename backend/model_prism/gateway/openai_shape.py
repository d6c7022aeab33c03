"""Completes provider answers to OpenAI's published shapes (required fields such as refusal, logprobs, created),
so every client validates whatever provider answered; adapters translate, this fills what OpenAI always sends."""

from __future__ import annotations

import time


def _message(msg: dict) -> dict:
    msg.setdefault("role", "assistant")
    msg.setdefault("content", None)
    msg.setdefault("refusal", None)
    if msg.get("tool_calls") == []:
        msg.pop("tool_calls")
    return msg


def chat_completion(body: dict, model: str) -> dict:
    """Give the chat.completion body with every required field present."""
    body.setdefault("id", f"chatcmpl-{int(time.time() * 1000)}")
    body["object"] = "chat.completion"
    body.setdefault("created", int(time.time()))
    body["model"] = model
    for i, choice in enumerate(body.get("choices") or []):
        choice.setdefault("index", i)
        choice.setdefault("logprobs", None)
        choice.setdefault("finish_reason", "stop")
        choice["message"] = _message(choice.get("message") or {})
    return body


def chat_chunk(chunk: dict, model: str) -> dict:
    """Give the chat.completion.chunk with every required field present (per streamed event: the defaults are
    only made when missing)."""
    if "id" not in chunk:
        chunk["id"] = f"chatcmpl-{int(time.time() * 1000)}"
    chunk["object"] = "chat.completion.chunk"
    if "created" not in chunk:
        chunk["created"] = int(time.time())
    chunk["model"] = model
    for i, choice in enumerate(chunk.get("choices") or []):
        choice.setdefault("index", i)
        choice.setdefault("delta", {})
        choice.setdefault("finish_reason", None)
        choice.setdefault("logprobs", None)
    return chunk


def text_completion(body: dict, model: str) -> dict:
    """Give the text_completion body (also each streamed chunk, which OpenAI shapes the same)."""
    body.setdefault("id", f"cmpl-{int(time.time() * 1000)}")
    body["object"] = "text_completion"
    body.setdefault("created", int(time.time()))
    body["model"] = model
    for i, choice in enumerate(body.get("choices") or []):
        choice.setdefault("index", i)
        choice.setdefault("logprobs", None)
        choice.setdefault("finish_reason", "stop" if "delta" not in choice else None)
        choice.setdefault("text", "")
    return body


def normalise(endpoint: str, body: dict, model: str, *, chunk: bool = False) -> dict:
    """Give the body completed to OpenAI's shape for the endpoint (a null system_fingerprint is left out)."""
    if body.get("system_fingerprint", "") is None:
        del body["system_fingerprint"]
    if endpoint == "/chat/completions":
        return chat_chunk(body, model) if chunk else chat_completion(body, model)
    if endpoint == "/completions":
        return text_completion(body, model)
    body["model"] = model
    return body
