"""The conformance scenarios in OpenAI's wire format (JSON and SSE); also served by the Azure fake.

The gateway's own fake is `openai_server.py`; this one plays the scenario cases (tools, images,
JSON mode, cache usage, errors, malformed and cut streams) for the adapter conformance suite.
"""

from __future__ import annotations

import time

import orjson
from werkzeug.wrappers import Request, Response

from .loopback import LoopbackServer
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


def openai_facts(body: dict, problems: list[str]) -> WireFacts:
    """Give the facts of an OpenAI chat body."""
    tools = tuple((t.get("function") or {}).get("name", "") for t in body.get("tools") or ())
    image = None
    for m in body.get("messages") or ():
        for part in m.get("content") if isinstance(m.get("content"), list) else ():
            url = (part.get("image_url") or {}).get("url", "") if part.get("type") == "image_url" else ""
            if url.startswith("data:") and ";base64," in url:
                head, data = url[5:].split(";base64,", 1)
                image = (head, data)
    json_hint = (body.get("response_format") or {}).get("type") == "json_object"
    return WireFacts(tools=tools, image=image, json_hint=json_hint, problems=tuple(problems))


def openai_usage(usage: dict) -> dict:
    prompt = usage["input"] + usage["cache_read"] + usage["cache_write"]
    doc = {
        "prompt_tokens": prompt,
        "completion_tokens": usage["output"],
        "total_tokens": prompt + usage["output"],
    }
    if usage["cache_read"]:
        doc["prompt_tokens_details"] = {"cached_tokens": usage["cache_read"]}
    return doc


def openai_error(p: Plan) -> Response:
    kind = {401: "authentication_error", 429: "rate_limit_exceeded", 500: "server_error"}.get(
        p.status, "invalid_request_error"
    )
    body = {"error": {"message": p.message, "type": kind, "param": None, "code": None}}
    headers = {"Retry-After": RETRY_AFTER} if p.status == 429 else {}
    return Response(orjson.dumps(body), p.status, headers=headers, content_type="application/json")


def render_openai(p: Plan, model: str, stream: bool) -> Response:
    """Give the OpenAI answer for a plan: a chat.completion or an SSE stream of chunks."""
    if p.kind == "error":
        return openai_error(p)
    base = {
        "id": "chatcmpl-fake",
        "created": int(time.time()),
        "model": model,
        "system_fingerprint": "fp_fake",
    }
    call = {"id": TOOL_ID, "type": "function", "function": {"name": TOOL_NAME, "arguments": TOOL_ARGS}}
    finish = "tool_calls" if p.kind == "tool" else "stop"
    if not stream:
        message = {"role": "assistant", "content": None if p.kind == "tool" else p.text, "refusal": None}
        if p.kind == "tool":
            message["tool_calls"] = [call]
        choice = {"index": 0, "message": message, "logprobs": None, "finish_reason": finish}
        doc = {**base, "object": "chat.completion", "choices": [choice], "usage": openai_usage(p.usage)}
        return Response(orjson.dumps(doc), 200, content_type="application/json")

    def chunk(delta: dict, finish_reason=None) -> bytes:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
        return sse({**base, "object": "chat.completion.chunk", "choices": [choice]})

    def events():
        yield chunk({"role": "assistant", "content": ""})
        if p.kind == "tool":
            yield chunk(
                {
                    "tool_calls": [
                        {
                            "index": 0,
                            "id": TOOL_ID,
                            "type": "function",
                            "function": {"name": TOOL_NAME, "arguments": ""},
                        }
                    ]
                }
            )
            for piece in TOOL_ARG_PIECES:
                yield chunk({"tool_calls": [{"index": 0, "function": {"arguments": piece}}]})
        else:
            for i, piece in enumerate(p.pieces):
                if p.stream_mode == "cut" and i == 2:
                    return
                if p.stream_mode == "malformed" and i == 2:
                    yield b"data: {not json at all\n\n"
                yield chunk({"content": piece})
        yield chunk({}, finish)
        yield sse({**base, "object": "chat.completion.chunk", "choices": [], "usage": openai_usage(p.usage)})
        yield b"data: [DONE]\n\n"

    return Response(events(), 200, content_type="text/event-stream")


def sse(doc: dict, event: str | None = None) -> bytes:
    head = f"event: {event}\n".encode() if event else b""
    return head + b"data: " + orjson.dumps(doc) + b"\n\n"


class FakeOpenAIWire(LoopbackServer):
    """OpenAI-compatible fake: `<api_path>/models` and `<api_path>/chat/completions`, scenario-driven."""

    def __init__(
        self,
        *,
        api_path: str = "/v1",
        key: str = "sk-fake",
        required_headers: dict | None = None,
        models: list[str] | None = None,
        ssl_context=None,
    ) -> None:
        super().__init__(ssl_context=ssl_context)
        self.api_path, self.key = api_path, key
        self.required_headers = required_headers or {}
        self.models = models or ["case-plain", "case-tools"]

    def app(self, request: Request) -> Response:
        if not request.path.startswith(self.api_path + "/"):
            return Response(
                orjson.dumps({"error": {"message": f"Unknown path {request.path}"}}),
                404,
                content_type="application/json",
            )
        if self.key and request.headers.get("Authorization") != f"Bearer {self.key}":
            return openai_error(Plan(kind="error", status=401, message="Incorrect API key provided"))
        path = request.path[len(self.api_path) :]
        if path == "/models":
            data = [
                {"id": m, "object": "model", "created": 1700000000, "owned_by": "fake"} for m in self.models
            ]
            return Response(
                orjson.dumps({"object": "list", "data": data}), 200, content_type="application/json"
            )
        body = orjson.loads(request.get_data() or b"{}")
        problems = [
            f"header {k} is {request.headers.get(k)!r}, expected {v!r}"
            for k, v in self.required_headers.items()
            if request.headers.get(k) != v
        ]
        p = plan(case_of(body.get("model")), openai_facts(body, problems))
        return render_openai(p, body.get("model", ""), bool(body.get("stream")))
