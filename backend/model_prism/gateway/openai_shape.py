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


def _head(body: dict, prefix: str, obj: str, model: str) -> None:
    """Fill id and created when missing (made only then: this runs for every streamed event), set object and
    model."""
    if "id" not in body:
        body["id"] = f"{prefix}{int(time.time() * 1000)}"
    body["object"] = obj
    if "created" not in body:
        body["created"] = int(time.time())
    body["model"] = model


def chat_completion(body: dict, model: str) -> dict:
    """Give the chat.completion body with every required field present."""
    _head(body, "chatcmpl-", "chat.completion", model)
    for i, choice in enumerate(body.get("choices") or []):
        choice.setdefault("index", i)
        choice.setdefault("logprobs", None)
        choice.setdefault("finish_reason", "stop")
        choice["message"] = _message(choice.get("message") or {})
    return body


def chat_chunk(chunk: dict, model: str) -> dict:
    """Give the chat.completion.chunk with every required field present."""
    _head(chunk, "chatcmpl-", "chat.completion.chunk", model)
    for i, choice in enumerate(chunk.get("choices") or []):
        choice.setdefault("index", i)
        choice.setdefault("delta", {})
        choice.setdefault("finish_reason", None)
        choice.setdefault("logprobs", None)
    return chunk


def text_completion(body: dict, model: str) -> dict:
    """Give the text_completion body (also each streamed chunk, which OpenAI shapes the same)."""
    _head(body, "cmpl-", "text_completion", model)
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
