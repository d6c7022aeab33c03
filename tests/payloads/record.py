"""Regenerate the golden files from `inputs.py` with the current adapters: `python -m tests.payloads.record`.

Review the diff by hand before committing: these files are the contract the unit tests hold the adapters to.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from model_prism.providers.anthropic import translate_stream as anthropic_stream
from model_prism.providers.anthropic_convert import from_messages_response, to_messages_request
from model_prism.providers.azure import chat_completions_body, sanitise
from model_prism.providers.azure_responses import (
    from_responses_answer,
    to_responses_request,
    translate_responses_stream,
)
from model_prism.providers.bedrock import translate_event_stream
from model_prism.providers.bedrock_convert import from_converse_response, to_converse_request
from model_prism.providers.ollama_native import from_chat_response, to_chat_request, translate_ndjson
from model_prism.providers.sse import iter_openai_events
from tests.fakes.eventstream import event
from tests.payloads import inputs

HERE = Path(__file__).parent
VOLATILE = ("id", "created")


def stable(doc):
    """Give the document without per-call values (ids made from the clock, timestamps)."""
    if isinstance(doc, list):
        return [stable(d) for d in doc]
    if isinstance(doc, dict) and doc.get("object") in ("chat.completion", "chat.completion.chunk"):
        return {k: v for k, v in doc.items() if k not in VOLATILE}
    return doc


def lines(name: str) -> list[bytes]:
    return (HERE / name).read_bytes().splitlines()


def build() -> dict[str, object]:
    """Give {golden file name: content} computed by the current translators."""
    conv = inputs.OPENAI_CONVERSATION
    azure_body = chat_completions_body(
        sanitise({**conv, "model": "o3-mini", "reasoning_effort": "high"}), True
    )
    return {
        "anthropic/request.json": {"openai": conv, "wire": to_messages_request(conv)},
        "anthropic/response.json": {
            "wire": inputs.ANTHROPIC_RESPONSE,
            "openai": stable(from_messages_response(inputs.ANTHROPIC_RESPONSE, "claude-sonnet-4-5")),
        },
        "anthropic/stream_tool_use.json": stable(
            list(anthropic_stream(lines("anthropic/stream_tool_use.sse"), "claude-sonnet-4-5"))
        ),
        "bedrock/request.json": {"openai": conv, "wire": to_converse_request(conv)},
        "bedrock/response.json": {
            "wire": inputs.BEDROCK_RESPONSE,
            "openai": stable(from_converse_response(inputs.BEDROCK_RESPONSE, "amazon.nova-pro-v1:0")),
        },
        "bedrock/stream_tool_use.json": stable(
            list(
                translate_event_stream(
                    [(HERE / "bedrock/stream_tool_use.eventstream").read_bytes()], "amazon.nova-pro-v1:0"
                )
            )
        ),
        "azure/chat_request.json": {
            "openai": {**conv, "model": "o3-mini", "reasoning_effort": "high"},
            "wire": azure_body,
        },
        "azure/responses_request.json": {
            "openai": conv,
            "wire": to_responses_request(sanitise(conv), "gpt-5-codex"),
        },
        "azure/responses_response.json": {
            "wire": inputs.RESPONSES_ANSWER,
            "openai": stable(from_responses_answer(inputs.RESPONSES_ANSWER, "gpt-5-codex")),
        },
        "azure/responses_stream.json": stable(
            list(translate_responses_stream(lines("azure/responses_stream.sse"), "gpt-5-codex"))
        ),
        "ollama/request.json": {
            "openai": {**conv, "response_format": {"type": "json_object"}},
            "wire": to_chat_request({**conv, "response_format": {"type": "json_object"}}, True),
        },
        "ollama/response.json": {
            "wire": inputs.OLLAMA_RESPONSE,
            "openai": stable(from_chat_response(inputs.OLLAMA_RESPONSE, "llama3.2")),
        },
        "ollama/chat_stream.json": stable(
            list(translate_ndjson(lines("ollama/chat_stream.ndjson"), "llama3.2"))
        ),
        "openai/chat_stream_tool_calls.json": list(
            iter_openai_events(lines("openai/chat_stream_tool_calls.sse"))
        ),
    }


def write_eventstream() -> None:
    data = b"".join(event(name, orjson.dumps(payload)) for name, payload in inputs.BEDROCK_STREAM)
    (HERE / "bedrock/stream_tool_use.eventstream").write_bytes(data)


if __name__ == "__main__":
    write_eventstream()
    for name, doc in build().items():
        (HERE / name).write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n")
        print("wrote", name)
