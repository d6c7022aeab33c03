"""A fake Azure OpenAI resource: deployments' Chat Completions and the Responses API, scenario-driven."""

from __future__ import annotations

import time

import orjson
from werkzeug.wrappers import Request, Response

from .loopback import LoopbackServer
from .openai_wire import openai_error, openai_facts, render_openai, sse
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

API_VERSION = "2025-04-01-preview"


def responses_facts(body: dict, problems: list[str]) -> WireFacts:
    """Give the facts of a Responses API body (`input` items, flat tools, `text.format`)."""
    tools = tuple(t.get("name", "") for t in body.get("tools") or () if t.get("type") == "function")
    image = None
    for item in body.get("input") or ():
        for part in item.get("content") if isinstance(item.get("content"), list) else ():
            url = part.get("image_url", "") if part.get("type") == "input_image" else ""
            if isinstance(url, str) and url.startswith("data:") and ";base64," in url:
                head, data = url[5:].split(";base64,", 1)
                image = (head, data)
            if part.get("type") == "text":
                problems.append("a text part was not retyped to input_text/output_text")
    for key in ("messages", "response_format", "max_tokens", "stream_options"):
        if key in body:
            problems.append(f"{key} must not reach the Responses API")
    json_hint = ((body.get("text") or {}).get("format") or {}).get("type") == "json_object"
    return WireFacts(tools=tools, image=image, json_hint=json_hint, problems=tuple(problems))


def _usage(usage: dict) -> dict:
    prompt = usage["input"] + usage["cache_read"] + usage["cache_write"]
    return {
        "input_tokens": prompt,
        "input_tokens_details": {"cached_tokens": usage["cache_read"]},
        "output_tokens": usage["output"],
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": prompt + usage["output"],
    }


def render_responses(p: Plan, model: str, stream: bool) -> Response:
    """Give the Responses API answer for a plan: a response object or its SSE events."""
    if p.kind == "error":
        return openai_error(p)
    if p.kind == "tool":
        output = [
            {
                "type": "function_call",
                "id": "fc_1",
                "call_id": TOOL_ID,
                "name": TOOL_NAME,
                "arguments": TOOL_ARGS,
                "status": "completed",
            }
        ]
    else:
        output = [
            {
                "type": "message",
                "id": "msg_1",
                "role": "assistant",
                "status": "completed",
                "content": [{"type": "output_text", "text": p.text, "annotations": []}],
            }
        ]
    response = {
        "id": "resp_fake",
        "object": "response",
        "created_at": int(time.time()),
        "status": "completed",
        "model": model,
        "output": output,
        "usage": _usage(p.usage),
    }
    if not stream:
        return Response(orjson.dumps(response), 200, content_type="application/json")

    def events():
        n = 0

        def ev(kind: str, **data) -> bytes:
            nonlocal n
            n += 1
            return sse({"type": kind, "sequence_number": n, **data}, event=kind)

        yield ev(
            "response.created", response={**response, "status": "in_progress", "output": [], "usage": None}
        )
        if p.kind == "tool":
            yield ev(
                "response.output_item.added",
                output_index=0,
                item={**output[0], "arguments": "", "status": "in_progress"},
            )
            for piece in TOOL_ARG_PIECES:
                yield ev(
                    "response.function_call_arguments.delta", item_id="fc_1", output_index=0, delta=piece
                )
            yield ev(
                "response.function_call_arguments.done", item_id="fc_1", output_index=0, arguments=TOOL_ARGS
            )
        else:
            yield ev(
                "response.output_item.added",
                output_index=0,
                item={**output[0], "content": [], "status": "in_progress"},
            )
            for i, piece in enumerate(p.pieces):
                if p.stream_mode == "cut" and i == 2:
                    return
                if p.stream_mode == "malformed" and i == 2:
                    yield b"event: response.output_text.delta\ndata: {broken\n\n"
                yield ev(
                    "response.output_text.delta",
                    item_id="msg_1",
                    output_index=0,
                    content_index=0,
                    delta=piece,
                )
            yield ev(
                "response.output_text.done", item_id="msg_1", output_index=0, content_index=0, text=p.text
            )
        yield ev("response.output_item.done", output_index=0, item=output[0])
        yield ev("response.completed", response=response)

    return Response(events(), 200, content_type="text/event-stream")


class FakeAzure(LoopbackServer):
    """`/openai/deployments/<name>/chat/completions` and `/openai/responses`, both needing `api-key` and `api-version`."""

    def __init__(self, key: str = "azure-fake-key") -> None:
        super().__init__()
        self.key = key

    def app(self, request: Request) -> Response:
        if request.headers.get("api-key") != self.key:
            return openai_error(
                Plan(
                    kind="error",
                    status=401,
                    message="Access denied due to invalid subscription key or wrong API endpoint.",
                )
            )
        if request.args.get("api-version") != API_VERSION:
            return openai_error(
                Plan(kind="error", status=404, message="Resource not found (api-version missing)")
            )
        body = orjson.loads(request.get_data() or b"{}")
        parts = request.path.strip("/").split("/")
        if request.path == "/openai/responses":
            p = plan(case_of(body.get("model")), responses_facts(body, []))
            return render_responses(p, body.get("model", ""), bool(body.get("stream")))
        if len(parts) == 4 and parts[:2] == ["openai", "deployments"] and parts[3] == "embeddings":
            items = body["input"] if isinstance(body.get("input"), list) else [body.get("input")]
            data = [
                {"object": "embedding", "index": i, "embedding": [0.5, -0.5]} for i, _ in enumerate(items)
            ]
            doc = {
                "object": "list",
                "data": data,
                "model": parts[2],
                "usage": {"prompt_tokens": 3, "total_tokens": 3},
            }
            return Response(orjson.dumps(doc), 200, content_type="application/json")
        if (
            len(parts) == 5
            and parts[:2] == ["openai", "deployments"]
            and parts[3:] == ["chat", "completions"]
        ):
            problems = [f"{k} must not be sent" for k in ("model", "max_tokens") if k in body]
            p = plan(case_of(parts[2]), openai_facts(body, problems))
            return render_openai(p, parts[2], bool(body.get("stream")))
        return openai_error(Plan(kind="error", status=404, message=f"Resource not found: {request.path}"))


__all__ = ["FakeAzure", "RETRY_AFTER"]
