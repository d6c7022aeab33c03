"""Azure: deployment names, resolution, Responses routing and request sanitisation (providers.md §5)."""

from __future__ import annotations

import pytest

from model_prism.providers.azure import (
    chat_completions_body,
    deployment_for,
    is_responses_model,
    name_list,
    sanitise,
)
from model_prism.providers.azure_responses import from_responses_answer, to_responses_request


def test_names_split_on_commas_and_newlines():
    assert name_list("gpt-4o, gpt-4o-mini\n\n o3 ,") == ["gpt-4o", "gpt-4o-mini", "o3"]
    assert name_list(["a", " b "]) == ["a", "b"]


@pytest.mark.parametrize(
    ("model", "deployments", "expected"),
    [
        ("gpt-4o", ["gpt-4o-mini", "gpt-4o"], "gpt-4o"),
        ("gpt-4o-2024-08-06", ["gpt-4o"], "gpt-4o"),
        ("gpt-4o", ["my-gpt-4o-deploy"], "my-gpt-4o-deploy"),
        ("gpt-4o", [], "gpt-4o"),
    ],
)
def test_deployment_for(model, deployments, expected):
    assert deployment_for(model, deployments) == expected


def test_responses_model_matching():
    assert is_responses_model("gpt-5-codex", ["codex"]) is True
    assert is_responses_model("gpt-4o", ["codex"]) is False


def test_sanitise_whitelist_reasoning_and_messages():
    body = sanitise(
        {
            "model": "o3-mini",
            "temperature": 0.3,
            "top_p": 1,
            "presence_penalty": 1,
            "frequency_penalty": 1,
            "thinking": {"type": "enabled"},
            "betas": ["x"],
            "metadata": {},
            "messages": [
                {
                    "role": "assistant",
                    "content": [{"type": "text", "text": "hi", "cache_control": {"type": "ephemeral"}}],
                    "tool_calls": [{"id": "1"}],
                    "cache_control": {"type": "ephemeral"},
                }
            ],
        }
    )
    assert body == {
        "model": "o3-mini",
        "top_p": 1,
        "messages": [{"role": "assistant", "content": [{"type": "text", "text": "hi"}]}],
    }


def test_non_reasoning_model_keeps_sampling_params():
    assert sanitise({"model": "gpt-4o", "temperature": 0.3})["temperature"] == 0.3


def test_chat_body_moves_max_tokens_and_drops_model():
    assert chat_completions_body({"model": "gpt-4o", "max_tokens": 5}, True) == {
        "max_completion_tokens": 5,
        "stream_options": {"include_usage": True},
    }


def test_responses_body():
    body = to_responses_request(
        {
            "model": "x",
            "messages": [{"role": "assistant", "content": [{"type": "text", "text": "a"}]}],
            "max_tokens": 9,
            "reasoning_effort": "low",
            "n": 2,
            "response_format": {"type": "json_object"},
            "tool_choice": {"type": "function", "function": {"name": "f"}},
        },
        "gpt-5-codex",
    )
    assert body == {
        "model": "gpt-5-codex",
        "input": [{"role": "assistant", "content": [{"type": "output_text", "text": "a"}]}],
        "max_output_tokens": 9,
        "reasoning": {"effort": "low"},
        "text": {"format": {"type": "json_object"}},
        "tool_choice": {"type": "function", "name": "f"},
    }


def test_responses_answer_without_text_has_null_content():
    doc = from_responses_answer(
        {"output": [{"type": "function_call", "call_id": "c", "name": "f", "arguments": "{}"}], "usage": {}},
        "m",
    )
    assert (
        doc["choices"][0]["message"]["content"] is None and doc["choices"][0]["finish_reason"] == "tool_calls"
    )


def test_prompt_filter_chunk_is_dropped_and_model_filled():
    from model_prism.providers.azure import chat_chunks

    lines = [
        b'data: {"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}]}',
        b'data: {"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}],"id":"c1","model":"","object":"chat.completion.chunk"}',
        b'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"id":"c1","model":"","object":"chat.completion.chunk"}',
        b'data: {"choices":[],"id":"c1","model":"","object":"chat.completion.chunk","usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}',
        b"data: [DONE]",
    ]
    chunks = list(chat_chunks(lines, "gpt-4o"))
    assert len(chunks) == 3 and all(c["model"] == "gpt-4o" for c in chunks)
    assert chunks[-1]["usage"]["total_tokens"] == 4


def test_incomplete_response_finishes_with_length():
    from model_prism.providers.azure_responses import translate_responses_stream

    answer = {
        "status": "incomplete",
        "incomplete_details": {"reason": "max_output_tokens"},
        "output": [],
        "usage": {"input_tokens": 5, "output_tokens": 9},
    }
    assert from_responses_answer(answer, "m")["choices"][0]["finish_reason"] == "length"
    lines = [
        b"event: response.output_text.delta",
        b'data: {"type":"response.output_text.delta","delta":"Hi"}',
        b"",
        b"event: response.incomplete",
        b'data: {"type":"response.incomplete","response":{"status":"incomplete","usage":{"input_tokens":5,"output_tokens":9}}}',
        b"",
    ]
    chunks = list(translate_responses_stream(lines, "m"))
    assert (
        chunks[-2]["choices"][0]["finish_reason"] == "length"
        and chunks[-1]["usage"]["completion_tokens"] == 9
    )
