"""Recorded provider payloads (tests/payloads/) translated by the adapters match the reviewed golden files."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from model_prism.errors import ProviderError
from model_prism.providers.anthropic import translate_stream
from model_prism.providers.bedrock import translate_event_stream
from tests.payloads import record

PAYLOADS = Path(record.__file__).parent
BUILT = record.build()


@pytest.mark.parametrize("name", sorted(BUILT))
def test_translation_matches_golden_file(name):
    golden = orjson.loads((PAYLOADS / name).read_bytes())
    assert orjson.loads(orjson.dumps(BUILT[name])) == golden


def test_anthropic_usage_counts_cache_reads_and_writes_as_prompt():
    usage = BUILT["anthropic/response.json"]["openai"]["usage"]
    assert usage == {
        "prompt_tokens": 472 + 1024 + 100,
        "completion_tokens": 91,
        "total_tokens": 1687,
        "prompt_tokens_details": {"cached_tokens": 1024, "cache_creation_tokens": 100},
    }


def test_anthropic_request_repairs_the_conversation():
    wire = BUILT["anthropic/request.json"]["wire"]
    assert wire["system"] == "You are a weather bot.\n\nAnswer in English."
    assert [m["role"] for m in wire["messages"]] == ["user", "assistant", "user"]
    assert [b["id"] for b in wire["messages"][1]["content"] if b["type"] == "tool_use"] == ["call_1"]
    assert wire["messages"][2]["content"][0] == {
        "type": "tool_result",
        "tool_use_id": "call_1",
        "content": "18°C, sunny",
    }
    assert wire["tool_choice"] == {"type": "any", "disable_parallel_tool_use": True}
    assert "frequency_penalty" not in wire and "logit_bias" not in wire


def test_streamed_tool_arguments_reassemble_to_json():
    chunks = BUILT["anthropic/stream_tool_use.json"]
    args = "".join(
        call["function"].get("arguments", "")
        for c in chunks
        for choice in c["choices"]
        for call in choice["delta"].get("tool_calls", ())
    )
    assert orjson.loads(args) == {"location": "Paris, France", "unit": "celsius"}


def test_bedrock_event_stream_padding_is_ignored_and_usage_comes_last():
    chunks = BUILT["bedrock/stream_tool_use.json"]
    assert chunks[-1] == {
        "object": "chat.completion.chunk",
        "model": "amazon.nova-pro-v1:0",
        "choices": [],
        "usage": {"prompt_tokens": 375, "completion_tokens": 74, "total_tokens": 449},
    }


def test_anthropic_error_event_mid_stream_raises_with_status():
    lines = (PAYLOADS / "anthropic/stream_overloaded.sse").read_bytes().splitlines()
    seen = []
    with pytest.raises(ProviderError) as err:
        for chunk in translate_stream(lines, "claude-opus-4-6"):
            seen.append(chunk)
    assert err.value.upstream_status == 529 and "overloaded_error: Overloaded" in err.value.message
    assert seen[-1]["choices"][0]["delta"]["content"] == "Par"


def test_bedrock_stream_split_at_any_byte_decodes_the_same():
    data = (PAYLOADS / "bedrock/stream_tool_use.eventstream").read_bytes()
    pieces = [data[i : i + 7] for i in range(0, len(data), 7)]
    chunks = [record.stable(c) for c in translate_event_stream(pieces, "amazon.nova-pro-v1:0")]
    assert chunks == BUILT["bedrock/stream_tool_use.json"]


def test_bedrock_exception_message_raises_with_status():
    from tests.fakes.eventstream import event, exception

    data = event("messageStart", b'{"role":"assistant"}') + exception(
        "throttlingException", b'{"message":"Too many tokens, please wait before trying again."}'
    )
    with pytest.raises(ProviderError) as err:
        list(translate_event_stream([data], "m"))
    assert err.value.upstream_status == 429
    assert (
        err.value.message
        == "[bedrock] ThrottlingException: Too many tokens, please wait before trying again."
    )
