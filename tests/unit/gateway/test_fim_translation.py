"""Fill-in-the-middle translations: completions ↔ chat and the Mistral-style FIM shapes."""

from __future__ import annotations

import pytest

from model_prism.gateway.fim import (
    FILL,
    FenceFilter,
    chat_to_completion,
    completion_to_chat_request,
    fim_chunks,
    strip_fences,
    to_fim_chunk,
    to_fim_response,
)


def test_chat_request_marks_the_gap_and_keeps_sampling_parameters():
    chat = completion_to_chat_request(
        {
            "model": "m",
            "prompt": "a = ",
            "suffix": "\nprint(a)",
            "max_tokens": 16,
            "temperature": 0.1,
            "stop": ["\n\n"],
            "echo": False,
        }
    )
    assert chat["messages"][1] == {"role": "user", "content": f"a = {FILL}\nprint(a)"}
    assert chat["messages"][0]["role"] == "system" and FILL in chat["messages"][0]["content"]
    assert (chat["model"], chat["max_tokens"], chat["temperature"], chat["stop"]) == ("m", 16, 0.1, ["\n\n"])
    assert "echo" not in chat and "suffix" not in chat and "prompt" not in chat


def test_chat_answer_becomes_text_completion_without_fences():
    doc = chat_to_completion(
        {
            "id": "x",
            "created": 1,
            "model": "m",
            "choices": [
                {"index": 0, "message": {"content": "```python\n42\n```"}, "finish_reason": "length"}
            ],
            "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
        }
    )
    assert doc["object"] == "text_completion"
    assert doc["choices"] == [{"index": 0, "text": "42\n", "logprobs": None, "finish_reason": "length"}]
    assert doc["usage"]["total_tokens"] == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [("plain", "plain"), ("```\nx = 1\n```", "x = 1\n"), ("```py\nx\n```\n", "x\n"), ("a ``` b", "a ``` b")],
)
def test_strip_fences(text, expected):
    assert strip_fences(text) == expected


@pytest.mark.parametrize(
    "pieces",
    [["``", "`python\nreturn a", " + b\n", "``", "`"], ["```\nreturn a + b\n```"], ["return a", " + b\n"]],
)
def test_fence_filter_streams_the_code_only(pieces):
    f = FenceFilter()
    out = "".join(f.feed(p) for p in pieces) + f.flush()
    assert out.rstrip("\n") == "return a + b"


def test_fence_filter_keeps_backticks_inside_code():
    f = FenceFilter()
    out = f.feed("x = `a`\n") + f.feed("y") + f.flush()
    assert out == "x = `a`\ny"


def test_fim_response_and_chunks_have_chat_shapes():
    text = {
        "object": "text_completion",
        "id": "c",
        "choices": [{"index": 0, "text": "42", "finish_reason": "stop"}],
    }
    assert to_fim_response(text)["choices"] == [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "42", "tool_calls": None},
            "finish_reason": "stop",
        }
    ]
    chunk = to_fim_chunk(
        {"object": "text_completion", "choices": [{"index": 0, "text": "4", "finish_reason": None}]}
    )
    assert chunk["object"] == "chat.completion.chunk"
    assert chunk["choices"] == [{"index": 0, "delta": {"content": "4"}, "finish_reason": None}]


def test_fim_chunks_put_usage_on_the_finish_chunk():
    def c(text, finish=None):
        return "chunk", {
            "id": "i",
            "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": finish}],
        }

    events = [
        c("```\n"),
        c("x = 1"),
        c("\n```", "stop"),
        ("final", {"id": "i", "usage": {"completion_tokens": 4}, "cost_info": {"actual_cost": 0}}),
    ]
    out = list(fim_chunks(iter(events), via_chat=True))
    assert all(len(d["choices"]) == 1 for d in out)
    assert "".join(d["choices"][0]["delta"]["content"] for d in out) == "x = 1"
    assert out[-1]["choices"][0]["finish_reason"] == "stop" and out[-1]["usage"] == {"completion_tokens": 4}
