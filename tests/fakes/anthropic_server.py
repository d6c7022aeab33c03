"""A fake Anthropic Messages API (`/v1/messages` JSON and SSE events, `/v1/models`), scenario-driven."""

from __future__ import annotations

import orjson
from werkzeug.wrappers import Request, Response

from .loopback import LoopbackServer
from .openai_wire import sse
from .scenarios import (
    RETRY_AFTER,
    TOOL_ARG_PIECES,
    TOOL_ARGS,
    TOOL_ID,
    TOOL_NAME,
    Plan,
    WireFacts,
    case_of,
    plan,
)

VERSION = "2023-06-01"
ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    429: "rate_limit_error",
    500: "api_error",
}
JSON_HINT_WORD = "JSON"


def anthropic_facts(body: dict, problems: list[str]) -> WireFacts:
    """Give the facts of a Messages body and note Messages-format violations."""
    if not body.get("max_tokens"):
        problems.append("max_tokens is required")
    msgs = body.get("messages") or []
    if not msgs or msgs[0].get("role") != "user":
        problems.append("first message must be from the user")
    if any(m.get("role") not in ("user", "assistant") for m in msgs):
        problems.append("only user/assistant roles are allowed in messages")
    tools = tuple(t.get("name", "") for t in body.get("tools") or () if "input_schema" in t)
    image = None
    for m in msgs:
        for block in m.get("content") if isinstance(m.get("content"), list) else ():
            src = block.get("source") or {}
            if block.get("type") == "image" and src.get("type") == "base64":
                image = (src.get("media_type"), src.get("data"))
    system = body.get("system") or ""
    system_text = system if isinstance(system, str) else " ".join(b.get("text", "") for b in system)
    return WireFacts(
        tools=tools, image=image, json_hint=JSON_HINT_WORD in system_text, problems=tuple(problems)
    )


def _usage(usage: dict, output: int) -> dict:
    return {
        "input_tokens": usage["input"],
        "cache_creation_input_tokens": usage["cache_write"],
        "cache_read_input_tokens": usage["cache_read"],
        "output_tokens": output,
    }


def anthropic_error(status: int, message: str) -> Response:
    body = {
        "type": "error",
        "error": {"type": ERROR_TYPES.get(status, "api_error"), "message": message},
        "request_id": "req_fake",
    }
    headers = {"retry-after": RETRY_AFTER} if status == 429 else {}
    return Response(orjson.dumps(body), status, headers=headers, content_type="application/json")


def render_anthropic(p: Plan, model: str, stream: bool) -> Response:
    """Give the Messages answer for a plan: a message object or its SSE events."""
    if p.kind == "error":
        return anthropic_error(p.status, p.message)
    tool = p.kind == "tool"
    content = (
        [{"type": "tool_use", "id": TOOL_ID, "name": TOOL_NAME, "input": orjson.loads(TOOL_ARGS)}]
        if tool
        else [{"type": "text", "text": p.text}]
    )
    message = {
        "id": "msg_fake",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": "tool_use" if tool else "end_turn",
        "stop_sequence": None,
        "usage": _usage(p.usage, p.usage["output"]),
    }
    if not stream:
        return Response(orjson.dumps(message), 200, content_type="application/json")

    def events():
        yield sse(
            {
                "type": "message_start",
                "message": {**message, "content": [], "stop_reason": None, "usage": _usage(p.usage, 1)},
            },
            "message_start",
        )
        if tool:
            yield sse(
                {
                    "type": "content_block_start",
                    "index": 0,
                    "content_block": {"type": "tool_use", "id": TOOL_ID, "name": TOOL_NAME, "input": {}},
                },
                "content_block_start",
            )
            for piece in TOOL_ARG_PIECES:
                yield sse(
                    {
                        "type": "content_block_delta",
                        "index": 0,
                        "delta": {"type": "input_json_delta", "partial_json": piece},
                    },
                    "content_block_delta",
                )
        else:
            yield sse(
                {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
                "content_block_start",
            )
            yield sse({"type": "ping"}, "ping")
            for i, piece in enumerate(p.pieces):
                if p.stream_mode == "cut" and i == 2:
                    return
                if p.stream_mode == "malformed" and i == 2:
                    yield b"event: content_block_delta\ndata: {oops\n\n"
                yield sse(
                    {
                        "type": "content_block_delta",
                        "index": 0,
                        "delta": {"type": "text_delta", "text": piece},
                    },
                    "content_block_delta",
                )
        yield sse({"type": "content_block_stop", "index": 0}, "content_block_stop")
        yield sse(
            {
                "type": "message_delta",
                "delta": {"stop_reason": message["stop_reason"], "stop_sequence": None},
                "usage": {"output_tokens": p.usage["output"]},
            },
            "message_delta",
        )
        yield sse({"type": "message_stop"}, "message_stop")

    return Response(events(), 200, content_type="text/event-stream")


class FakeAnthropic(LoopbackServer):
    """Needs `x-api-key` and `anthropic-version`; `/v1/models` pages with `has_more`/`last_id` (page size 2)."""

    def __init__(self, key: str = "sk-ant-fake", models: list[str] | None = None) -> None:
        super().__init__()
        self.key = key
        self.models = models or ["claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001", "claude-opus-4-6"]

    def app(self, request: Request) -> Response:
        if request.headers.get("x-api-key") != self.key:
            return anthropic_error(401, "invalid x-api-key")
        if request.headers.get("anthropic-version") != VERSION:
            return anthropic_error(400, "anthropic-version header is required")
        if request.path == "/v1/models":
            start = self.models.index(request.args["after_id"]) + 1 if request.args.get("after_id") else 0
            page = self.models[start : start + 2]
            data = [
                {
                    "type": "model",
                    "id": m,
                    "display_name": m.replace("-", " ").title(),
                    "created_at": "2025-01-01T00:00:00Z",
                }
                for m in page
            ]
            doc = {
                "data": data,
                "has_more": start + 2 < len(self.models),
                "first_id": page[0] if page else None,
                "last_id": page[-1] if page else None,
            }
            return Response(orjson.dumps(doc), 200, content_type="application/json")
        if request.path != "/v1/messages":
            return anthropic_error(404, f"Not found: {request.path}")
        body = orjson.loads(request.get_data() or b"{}")
        p = plan(case_of(body.get("model")), anthropic_facts(body, []))
        return render_anthropic(p, body.get("model", ""), bool(body.get("stream")))
