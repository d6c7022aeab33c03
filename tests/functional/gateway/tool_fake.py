"""A fake OpenAI upstream that answers with a tool call whenever tools are offered and no tool result came
back yet (JSON and streamed tool-call deltas), else like FakeOpenAI."""

from __future__ import annotations

import time

import orjson
from werkzeug.wrappers import Response

from tests.fakes.openai_server import FakeOpenAI, _json, _sse

TOOL_CALL_ID = "call_weather_1"
TOOL_NAME = "get_weather"
TOOL_ARGS = '{"city": "Paris", "unit": "celsius"}'
TOOL_PIECES = ('{"city": ', '"Paris", ', '"unit": "celsius"}')


class ToolCallingOpenAI(FakeOpenAI):
    """`with ToolCallingOpenAI() as fake:` — calls `get_weather` once, then answers the tool result in text."""

    def _chat(self, body: dict) -> Response:
        messages = body.get("messages") or []
        if not body.get("tools") or any(m.get("role") == "tool" for m in messages):
            return super()._chat(body)
        base = {"id": "chatcmpl-tool", "created": int(time.time()), "model": body.get("model")}
        usage = {"prompt_tokens": 42, "completion_tokens": 9, "total_tokens": 51}
        if not body.get("stream"):
            call = {
                "id": TOOL_CALL_ID,
                "type": "function",
                "function": {"name": TOOL_NAME, "arguments": TOOL_ARGS},
            }
            message = {"role": "assistant", "content": None, "tool_calls": [call], "refusal": None}
            choice = {"index": 0, "message": message, "logprobs": None, "finish_reason": "tool_calls"}
            return _json({**base, "object": "chat.completion", "choices": [choice], "usage": usage})

        def delta(d: dict, finish: str | None = None) -> bytes:
            choice = {"index": 0, "delta": d, "logprobs": None, "finish_reason": finish}
            return _sse({**base, "object": "chat.completion.chunk", "choices": [choice]})

        def events():
            yield delta({"role": "assistant", "content": None})
            start = {
                "index": 0,
                "id": TOOL_CALL_ID,
                "type": "function",
                "function": {"name": TOOL_NAME, "arguments": ""},
            }
            yield delta({"tool_calls": [start]})
            for piece in TOOL_PIECES:
                yield delta({"tool_calls": [{"index": 0, "function": {"arguments": piece}}]})
            yield delta({}, "tool_calls")
            if (body.get("stream_options") or {}).get("include_usage"):
                yield _sse({**base, "object": "chat.completion.chunk", "choices": [], "usage": usage})
            yield b"data: [DONE]\n\n"

        return Response(events(), 200, content_type="text/event-stream")


def tool_args() -> dict:
    return orjson.loads(TOOL_ARGS)
