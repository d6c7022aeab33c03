"""OpenAI answers → Anthropic message objects and SSE events."""

from __future__ import annotations

from types import SimpleNamespace

import orjson
import pytest

from model_prism.analytics.costs import Usage
from model_prism.gateway.anthropic.outbound import anthropic_usage, content_blocks, stop_reason
from model_prism.gateway.anthropic.stream import MessageStream, anthropic_sse


def ctx():
    target = SimpleNamespace(model_id="gpt-4o")
    return SimpleNamespace(request_id="r1", target=target, estimated_input_tokens=12)


@pytest.mark.parametrize(
    ("finish", "reason"),
    [
        ("stop", "end_turn"),
        ("length", "max_tokens"),
        ("tool_calls", "tool_use"),
        ("content_filter", "refusal"),
        (None, "end_turn"),
    ],
)
def test_stop_reasons(finish, reason):
    assert stop_reason(finish) == reason


def test_usage_separates_cache_reads_and_writes():
    assert anthropic_usage(Usage(100, 7, 60), cache_write=10) == {
        "input_tokens": 30,
        "output_tokens": 7,
        "cache_creation_input_tokens": 10,
        "cache_read_input_tokens": 60,
    }


def test_content_blocks_from_message_with_tool_calls():
    message = {
        "content": "Let me check.",
        "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "w", "arguments": '{"a": 1}'}}
        ],
    }
    assert content_blocks(message) == [
        {"type": "text", "text": "Let me check."},
        {"type": "tool_use", "id": "call_1", "name": "w", "input": {"a": 1}},
    ]
    assert content_blocks({"content": None}) == []


def parse(frames: list[bytes]) -> list[tuple[str, dict]]:
    out = []
    for frame in frames:
        head, data = frame.decode().rstrip("\n").split("\n")
        out.append((head.removeprefix("event: "), orjson.loads(data.removeprefix("data: "))))
    return out


def chunk(delta: dict, finish=None) -> tuple[str, dict]:
    return "chunk", {"choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def test_text_then_two_tool_calls_open_and_close_blocks_in_order():
    events = [
        chunk({"role": "assistant", "content": ""}),
        chunk({"content": "Hi"}),
        chunk({"tool_calls": [{"index": 0, "id": "c1", "function": {"name": "a", "arguments": ""}}]}),
        chunk({"tool_calls": [{"index": 0, "function": {"arguments": '{"x":'}}]}),
        chunk({"tool_calls": [{"index": 0, "function": {"arguments": "1}"}}]}),
        chunk({"tool_calls": [{"index": 1, "id": "c2", "function": {"name": "b", "arguments": "{}"}}]}),
        chunk({}, "tool_calls"),
        (
            "final",
            {
                "usage": {"prompt_tokens": 20, "completion_tokens": 9},
                "cost_info": {"input_tokens": 20, "output_tokens": 9, "cached_input_tokens": 4},
            },
        ),
    ]
    out = parse(list(anthropic_sse(ctx(), iter(events))))
    names = [n for n, _ in out]
    assert names == [
        "message_start", "ping",
        "content_block_start", "content_block_delta", "content_block_stop",
        "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
        "content_block_start", "content_block_delta", "content_block_stop",
        "message_delta", "message_stop",
    ]  # fmt: skip
    assert out[0][1]["message"]["usage"]["input_tokens"] == 12
    assert out[5][1] == {
        "type": "content_block_start",
        "index": 1,
        "content_block": {"type": "tool_use", "id": "c1", "name": "a", "input": {}},
    }
    assert out[7][1]["delta"] == {"type": "input_json_delta", "partial_json": "1}"}
    assert out[10][1]["index"] == 2 and out[10][1]["delta"]["partial_json"] == "{}"
    delta = out[12][1]
    assert delta["delta"] == {"stop_reason": "tool_use", "stop_sequence": None}
    assert delta["usage"] == {
        "input_tokens": 16,
        "output_tokens": 9,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 4,
    }
    assert delta["cost_info"]["output_tokens"] == 9


def test_error_event_ends_the_stream_in_anthropic_shape():
    events = [chunk({"content": "par"}), ("error", {"message": "upstream died", "type": "provider_error"})]
    out = parse(list(anthropic_sse(ctx(), iter(events))))
    assert out[-1] == ("error", {"type": "error", "error": {"type": "api_error", "message": "upstream died"}})
    assert "message_stop" not in [n for n, _ in out]


def test_upstream_is_closed_when_the_client_goes_away():
    closed = []

    def upstream():
        try:
            yield chunk({"content": "a"})
            yield chunk({"content": "b"})
        finally:
            closed.append(True)

    frames = anthropic_sse(ctx(), upstream())
    next(frames), next(frames), next(frames)
    frames.close()
    assert closed == [True]


def test_empty_answer_still_ends_cleanly():
    state = MessageStream(ctx())
    frames = state.final({"usage": {"prompt_tokens": 1, "completion_tokens": 0}})
    assert [n for n, _ in parse(frames)] == ["message_delta", "message_stop"]
