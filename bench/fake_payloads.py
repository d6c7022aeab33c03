"""OpenAI-shaped bodies that the fake upstream sends: completions, stream chunks, model lists."""

from __future__ import annotations

import time
from dataclasses import dataclass

import orjson

REPLY_WORD = "bench "


@dataclass(frozen=True)
class ReplyShape:
    """How long an answer is: the number of content chunks a stream carries (one word each)."""

    chunks: int = 20


def estimate_prompt_tokens(request: dict) -> int:
    """Give a prompt token count from the request's message text (4 characters a token, 3 per message)."""
    chars = 0
    messages = request.get("messages") or []
    for message in messages:
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, str):
            chars += len(content)
        elif isinstance(content, list):
            chars += sum(len(part.get("text") or "") for part in content if isinstance(part, dict))
    return chars // 4 + 3 * len(messages) + 1


def usage(request: dict, shape: ReplyShape) -> dict:
    """Give the `usage` object of an answer to this request."""
    prompt = estimate_prompt_tokens(request)
    return {"prompt_tokens": prompt, "completion_tokens": shape.chunks, "total_tokens": prompt + shape.chunks}


def completion_body(request: dict, shape: ReplyShape, serial: int) -> bytes:
    """Give a non-streaming chat.completion body (JSON bytes)."""
    return orjson.dumps(
        {
            "id": f"chatcmpl-bench{serial}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.get("model") or "unknown",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": REPLY_WORD * shape.chunks},
                    "finish_reason": "stop",
                    "logprobs": None,
                }
            ],
            "usage": usage(request, shape),
            "system_fingerprint": "fp_bench",
        }
    )


def _chunk(serial: int, model: str, created: int, delta: dict, finish: str | None) -> bytes:
    choice = {"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}
    body = {
        "id": f"chatcmpl-bench{serial}",
        "object": "chat.completion.chunk",
        "created": created,
        "model": model,
        "choices": [choice],
    }
    return b"data: " + orjson.dumps(body) + b"\n\n"


def stream_events(request: dict, shape: ReplyShape, serial: int) -> list[bytes]:
    """Give the SSE events of a streamed answer: role, content chunks, finish, usage (if asked), [DONE]."""
    model = request.get("model") or "unknown"
    created = int(time.time())
    events = [_chunk(serial, model, created, {"role": "assistant", "content": ""}, None)]
    events += [_chunk(serial, model, created, {"content": REPLY_WORD}, None) for _ in range(shape.chunks)]
    events.append(_chunk(serial, model, created, {}, "stop"))
    options = request.get("stream_options") or {}
    if options.get("include_usage"):
        tail = {
            "id": f"chatcmpl-bench{serial}",
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [],
            "usage": usage(request, shape),
        }
        events.append(b"data: " + orjson.dumps(tail) + b"\n\n")
    events.append(b"data: [DONE]\n\n")
    return events


def models_body(model_ids: list[str]) -> bytes:
    """Give the GET /v1/models list body."""
    created = 1700000000
    data = [{"id": m, "object": "model", "created": created, "owned_by": "bench"} for m in model_ids]
    return orjson.dumps({"object": "list", "data": data})


def error_body(message: str, kind: str = "invalid_request_error") -> bytes:
    """Give an OpenAI-shaped error body."""
    return orjson.dumps({"error": {"message": message, "type": kind, "code": None, "param": None}})
