"""Anthropic Messages request → internal OpenAI chat body."""

from __future__ import annotations

import orjson
import pytest

from model_prism.errors import GatewayError
from model_prism.gateway.anthropic.inbound import fit_for_provider, to_chat_request, validate

PNG = "iVBORw0KGgo="


def translate(**doc) -> dict:
    doc.setdefault("model", "claude-sonnet-4-5")
    doc.setdefault("max_tokens", 100)
    return to_chat_request(validate(doc))


def test_system_blocks_messages_and_parameters():
    body = translate(
        system=[{"type": "text", "text": "You are terse."}, {"type": "text", "text": "Use metric."}],
        messages=[{"role": "user", "content": "hi"}],
        temperature=0.3,
        top_p=0.9,
        top_k=5,
        stop_sequences=["\n\nHuman:"],
        metadata={"user_id": "u-1"},
        stream=True,
    )
    assert body["messages"] == [
        {"role": "system", "content": "You are terse.\nUse metric."},
        {"role": "user", "content": "hi"},
    ]
    assert (body["temperature"], body["top_p"], body["stop"], body["user"]) == (
        0.3,
        0.9,
        ["\n\nHuman:"],
        "u-1",
    )
    assert body["max_tokens"] == 100 and body["stream"] is True and "top_k" not in body


def test_images_become_image_url_parts():
    content = [
        {"type": "text", "text": "What is this?"},
        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}},
        {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}},
    ]
    body = translate(messages=[{"role": "user", "content": content}])
    assert body["messages"][0]["content"] == [
        {"type": "text", "text": "What is this?"},
        {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}},
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg"}},
    ]


def test_tool_use_and_tool_result_blocks():
    messages = [
        {"role": "user", "content": "weather?"},
        {
            "role": "assistant",
            "content": [
                {"type": "thinking", "thinking": "hmm", "signature": "x"},
                {"type": "tool_use", "id": "toolu_1", "name": "weather", "input": {"city": "Oslo"}},
                {"type": "tool_use", "id": "toolu_2", "name": "time", "input": {}},
            ],
        },
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "toolu_1", "content": "-3C"},
                {
                    "type": "tool_result",
                    "tool_use_id": "toolu_2",
                    "content": [{"type": "text", "text": "boom"}],
                    "is_error": True,
                },
            ],
        },
    ]
    out = translate(messages=messages)["messages"]
    assert out[1] == {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": "toolu_1",
                "type": "function",
                "function": {"name": "weather", "arguments": orjson.dumps({"city": "Oslo"}).decode()},
            },
            {"id": "toolu_2", "type": "function", "function": {"name": "time", "arguments": "{}"}},
        ],
    }
    assert out[2:] == [
        {"role": "tool", "tool_call_id": "toolu_1", "content": "-3C"},
        {"role": "tool", "tool_call_id": "toolu_2", "content": "ERROR: boom"},
    ]


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ({"type": "auto"}, "auto"),
        ({"type": "any"}, "required"),
        ({"type": "none"}, "none"),
        ({"type": "tool", "name": "weather"}, {"type": "function", "function": {"name": "weather"}}),
    ],
)
def test_tools_and_tool_choice(choice, expected):
    tools = [
        {"name": "weather", "description": "w", "input_schema": {"type": "object", "properties": {}}},
        {"type": "web_search_20250305", "name": "web_search"},
    ]
    body = translate(messages=[{"role": "user", "content": "x"}], tools=tools, tool_choice=choice)
    assert body["tools"] == [
        {
            "type": "function",
            "function": {
                "name": "weather",
                "description": "w",
                "parameters": {"type": "object", "properties": {}},
            },
        }
    ]
    assert body["tool_choice"] == expected


def test_disable_parallel_tool_use():
    tools = [{"name": "w", "input_schema": {"type": "object"}}]
    body = translate(
        messages=[{"role": "user", "content": "x"}],
        tools=tools,
        tool_choice={"type": "auto", "disable_parallel_tool_use": True},
    )
    assert body["parallel_tool_calls"] is False


@pytest.mark.parametrize(
    "doc",
    [
        [],
        {"max_tokens": 5, "messages": [{"role": "user", "content": "x"}]},
        {"model": "m", "messages": [{"role": "user", "content": "x"}]},
        {"model": "m", "max_tokens": 5, "messages": []},
        {"model": "m", "max_tokens": 5, "messages": [{"role": "system", "content": "x"}]},
        {"model": "m", "max_tokens": 0, "messages": [{"role": "user", "content": "x"}]},
    ],
)
def test_invalid_requests_are_400(doc):
    with pytest.raises(GatewayError) as info:
        validate(doc)
    assert info.value.status == 400 and info.value.type == "invalid_request_error"


def test_cache_control_and_thinking_reach_only_anthropic_family_providers():
    body = translate(
        system=[{"type": "text", "text": "long prefix", "cache_control": {"type": "ephemeral"}}],
        messages=[{"role": "user", "content": "x"}],
        thinking={"type": "enabled", "budget_tokens": 1024},
    )
    assert body["messages"][0]["content"] == [
        {"type": "text", "text": "long prefix", "cache_control": {"type": "ephemeral"}}
    ]
    assert fit_for_provider(body, "anthropic") is body
    plain = fit_for_provider(body, "openai")
    assert "thinking" not in plain and plain["messages"][0]["content"] == "long prefix"


def test_thinking_is_dropped_for_anthropic_once_tools_were_called():
    messages = [
        {"role": "user", "content": "x"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "w", "input": {}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "ok"}]},
    ]
    body = translate(messages=messages, thinking={"type": "enabled", "budget_tokens": 1024})
    assert "thinking" not in fit_for_provider(body, "anthropic")
    assert fit_for_provider(translate(messages=messages[:1], thinking={"type": "enabled"}), "bedrock")[
        "thinking"
    ]
