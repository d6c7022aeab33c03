"""A fake Ollama: `/api/tags`, native `/api/chat` (JSON and NDJSON) and the OpenAI endpoint under `/v1`."""

from __future__ import annotations

import orjson
from werkzeug.wrappers import Request, Response

from .loopback import LoopbackServer
from .openai_wire import FakeOpenAIWire
from .scenarios import RETRY_AFTER, TOOL_ARGS, TOOL_NAME, Plan, WireFacts, case_of, plan

TAGS = [
    {
        "name": "gemma3:270m",
        "model": "gemma3:270m",
        "size": 291554930,
        "details": {"family": "gemma3", "parameter_size": "268.10M", "quantization_level": "Q8_0"},
    },
    {
        "name": "llama3.1:8b",
        "model": "llama3.1:8b",
        "size": 4920753328,
        "details": {"family": "llama", "parameter_size": "8.0B", "context_length": 131072},
    },
]


def ollama_facts(body: dict) -> WireFacts:
    """Give the facts of an `/api/chat` body."""
    tools = tuple((t.get("function") or {}).get("name", "") for t in body.get("tools") or ())
    image = next(
        (("image/png", img) for m in body.get("messages") or () for img in m.get("images") or ()), None
    )
    return WireFacts(tools=tools, image=image, json_hint=body.get("format") == "json")


def render_native(p: Plan, model: str, stream: bool) -> Response:
    """Give the `/api/chat` answer for a plan: one JSON object or NDJSON lines."""
    if p.kind == "error":
        headers = {"Retry-After": RETRY_AFTER} if p.status == 429 else {}
        return Response(
            orjson.dumps({"error": p.message}), p.status, headers=headers, content_type="application/json"
        )
    prompt = p.usage["input"] + p.usage["cache_read"] + p.usage["cache_write"]
    done = {
        "model": model,
        "created_at": "2025-01-01T00:00:00Z",
        "done": True,
        "done_reason": "stop",
        "total_duration": 1000,
        "prompt_eval_count": prompt,
        "eval_count": p.usage["output"],
    }
    calls = (
        [{"function": {"name": TOOL_NAME, "arguments": orjson.loads(TOOL_ARGS)}}]
        if p.kind == "tool"
        else None
    )
    if not stream:
        message = {
            "role": "assistant",
            "content": "" if calls else p.text,
            **({"tool_calls": calls} if calls else {}),
        }
        return Response(orjson.dumps({**done, "message": message}), 200, content_type="application/json")

    def lines():
        if calls:
            yield (
                orjson.dumps(
                    {
                        "model": model,
                        "message": {"role": "assistant", "content": "", "tool_calls": calls},
                        "done": False,
                    }
                )
                + b"\n"
            )
        else:
            for i, piece in enumerate(p.pieces):
                if p.stream_mode == "cut" and i == 2:
                    return
                if p.stream_mode == "malformed" and i == 2:
                    yield b"{this is not json\n"
                yield (
                    orjson.dumps(
                        {"model": model, "message": {"role": "assistant", "content": piece}, "done": False}
                    )
                    + b"\n"
                )
        yield orjson.dumps({**done, "message": {"role": "assistant", "content": ""}}) + b"\n"

    return Response(lines(), 200, content_type="application/x-ndjson")


class FakeOllama(LoopbackServer):
    """No auth; `/v1/*` is answered by the OpenAI wire fake's rules."""

    def __init__(self, extra_models: list[str] | None = None) -> None:
        super().__init__()
        self.tags = TAGS + [
            {"name": m, "model": m, "size": 1, "details": {"family": "fake"}} for m in extra_models or ()
        ]
        self._openai = FakeOpenAIWire.__new__(FakeOpenAIWire)
        self._openai.api_path, self._openai.key, self._openai.required_headers = "/v1", "", {}
        self._openai.models = [t["name"] for t in self.tags]

    def app(self, request: Request) -> Response:
        if request.path == "/api/tags":
            return Response(orjson.dumps({"models": self.tags}), 200, content_type="application/json")
        if request.path == "/api/chat":
            body = orjson.loads(request.get_data() or b"{}")
            p = plan(case_of(body.get("model")), ollama_facts(body))
            return render_native(p, body.get("model", ""), body.get("stream", True) is not False)
        return self._openai.app(request)
