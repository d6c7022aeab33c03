"""Bedrock: conversation repair (§6.2), request fields (§6.3), stop reasons and error texts (§6.6)."""

from __future__ import annotations

import pytest

from model_prism.providers.bedrock import bedrock_error_text
from model_prism.providers.bedrock_convert import (
    STOP_REASONS,
    convert_messages,
    to_converse_request,
    tool_name,
)


def test_conversation_must_start_and_end_with_user_and_merges_same_roles():
    messages, system = convert_messages(
        [
            {"role": "system", "content": "s1"},
            {"role": "system", "content": "  "},
            {"role": "assistant", "content": "hello"},
            {"role": "assistant", "content": "again"},
        ]
    )
    assert system == [{"text": "s1"}]
    assert messages == [
        {"role": "user", "content": [{"text": "."}]},
        {"role": "assistant", "content": [{"text": "hello"}, {"text": "again"}]},
        {"role": "user", "content": [{"text": "Continue."}]},
    ]


def test_unanswered_tool_use_is_removed_and_tool_results_join_the_user_turn():
    messages, _ = convert_messages(
        [
            {"role": "user", "content": "go"},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {"id": "a", "function": {"name": "f", "arguments": "{}"}},
                    {"id": "b", "function": {"name": "g", "arguments": "{}"}},
                ],
            },
            {"role": "tool", "tool_call_id": "a", "content": ""},
            {"role": "user", "content": "thanks"},
        ]
    )
    assert messages[1]["content"] == [{"toolUse": {"toolUseId": "a", "name": "f", "input": {}}}]
    assert messages[2]["content"] == [
        {"toolResult": {"toolUseId": "a", "content": [{"text": "(empty result)"}]}},
        {"text": "thanks"},
    ]


def test_empty_assistant_turn_gets_a_dot():
    messages, _ = convert_messages(
        [
            {"role": "user", "content": "x"},
            {"role": "assistant", "content": ""},
            {"role": "user", "content": "y"},
        ]
    )
    assert messages[1] == {"role": "assistant", "content": [{"text": "."}]}


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("auto", {"auto": {}}),
        ("required", {"any": {}}),
        ({"type": "function", "function": {"name": "a.b"}}, {"tool": {"name": "a_b"}}),
        ("none", None),
    ],
)
def test_tool_choice(choice, expected):
    body = to_converse_request(
        {
            "messages": [{"role": "user", "content": "x"}],
            "tools": [{"type": "function", "function": {"name": "a.b"}}],
            "tool_choice": choice,
        }
    )
    assert body["toolConfig"].get("toolChoice") == expected
    assert body["toolConfig"]["tools"][0]["toolSpec"]["inputSchema"] == {
        "json": {"type": "object", "properties": {}}
    }


def test_inference_config_only_has_given_values():
    body = to_converse_request(
        {"messages": [{"role": "user", "content": "x"}], "max_tokens": 10, "stop": "END"}
    )
    assert body["inferenceConfig"] == {"maxTokens": 10, "stopSequences": ["END"]}
    assert "inferenceConfig" not in to_converse_request({"messages": [{"role": "user", "content": "x"}]})


def test_tool_names_are_sanitised():
    assert tool_name("my tool.v2/run") == "my_tool_v2_run"


def test_stop_reasons():
    assert [
        STOP_REASONS[k] for k in ("end_turn", "tool_use", "max_tokens", "stop_sequence", "content_filtered")
    ] == ["stop", "tool_calls", "length", "stop", "content_filter"]


def test_error_texts():
    headers = {"x-amzn-errortype": "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/"}
    assert (
        bedrock_error_text(400, headers, b'{"message":"The text field in the ContentBlock object is blank."}')
        == "[bedrock] ValidationException: The text field in the ContentBlock object is blank."
    )
    html = bedrock_error_text(
        403, {}, b"<!DOCTYPE html><html><title>McAfee Web Gateway</title>", "http://proxy:3128"
    )
    assert "not valid JSON" in html and "http://proxy:3128" in html and "<!DOCTYPE html>" in html
