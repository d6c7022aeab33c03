"""Anthropic request mapping details (providers.md §10)."""

from __future__ import annotations

import pytest

from model_prism.providers.anthropic_convert import JSON_MODE_HINT, to_messages_request


def _req(**extra):
    return {"model": "claude-x", "messages": [{"role": "user", "content": "hi"}], **extra}


@pytest.mark.parametrize(
    ("choice", "parallel", "expected"),
    [
        ("auto", None, {"type": "auto"}),
        ("required", None, {"type": "any"}),
        ("none", None, {"type": "none"}),
        ({"type": "function", "function": {"name": "f"}}, None, {"type": "tool", "name": "f"}),
        (None, False, {"type": "auto", "disable_parallel_tool_use": True}),
        (None, None, None),
    ],
)
def test_tool_choice(choice, parallel, expected):
    extra = {"tools": [{"type": "function", "function": {"name": "f"}}]}
    if choice is not None:
        extra["tool_choice"] = choice
    if parallel is not None:
        extra["parallel_tool_calls"] = parallel
    assert to_messages_request(_req(**extra)).get("tool_choice") == expected


def test_max_tokens_defaults():
    assert to_messages_request(_req())["max_tokens"] == 4096
    assert to_messages_request(_req(), default_max_tokens=8192)["max_tokens"] == 8192
    assert to_messages_request(_req(max_completion_tokens=7))["max_tokens"] == 7


def test_system_with_cache_control_stays_in_blocks():
    body = to_messages_request(
        {
            "model": "m",
            "messages": [
                {
                    "role": "system",
                    "content": [
                        {"type": "text", "text": "long context", "cache_control": {"type": "ephemeral"}}
                    ],
                },
                {"role": "user", "content": "q"},
            ],
        }
    )
    assert body["system"] == [
        {"type": "text", "text": "long context", "cache_control": {"type": "ephemeral"}}
    ]


def test_json_mode_becomes_a_system_instruction():
    assert to_messages_request(_req(response_format={"type": "json_object"}))["system"] == JSON_MODE_HINT


def test_first_turn_must_be_user_and_empty_text_is_dropped():
    body = to_messages_request(
        {
            "model": "m",
            "messages": [{"role": "assistant", "content": "  "}, {"role": "assistant", "content": "prefill"}],
        }
    )
    assert body["messages"] == [
        {"role": "user", "content": [{"type": "text", "text": "."}]},
        {"role": "assistant", "content": [{"type": "text", "text": "prefill"}]},
    ]
