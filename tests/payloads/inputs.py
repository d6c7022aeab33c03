"""Upstream wire payloads written from each provider's API reference, and the OpenAI requests we translate.

`record.py` turns them into the `*.json` golden files the unit tests compare against (after a human
review of the diff); the `.sse`, `.ndjson` and `.eventstream` transcripts sit beside them.
"""

from __future__ import annotations

PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Get the current weather in a given location",
        "parameters": {
            "type": "object",
            "properties": {"location": {"type": "string"}},
            "required": ["location"],
        },
    },
}

# A multi-turn OpenAI conversation with a system prompt, an image, a tool round trip and a follow-up.
OPENAI_CONVERSATION = {
    "model": "claude-sonnet-4-5",
    "messages": [
        {"role": "system", "content": "You are a weather bot."},
        {"role": "developer", "content": [{"type": "text", "text": "Answer in English."}]},
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What is the weather where this photo was taken?"},
                {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}},
                {"type": "image_url", "image_url": {"url": "https://example.com/photo.jpg"}},
            ],
        },
        {
            "role": "assistant",
            "content": "Let me check.",
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"location": "Paris"}'},
                },
                {
                    "id": "call_2",
                    "type": "function",
                    "function": {"name": "get.forecast", "arguments": "not json"},
                },
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "18°C, sunny"},
        {"role": "user", "content": "And tomorrow?"},
    ],
    "tools": [WEATHER],
    "tool_choice": "required",
    "parallel_tool_calls": False,
    "max_tokens": 512,
    "temperature": 0.2,
    "top_p": 0.9,
    "stop": ["END"],
    "user": "user-42",
    "frequency_penalty": 0.5,
    "logit_bias": {"50256": -100},
}

ANTHROPIC_RESPONSE = {
    "id": "msg_01Aq9w938a90dw8q",
    "type": "message",
    "role": "assistant",
    "model": "claude-sonnet-4-5-20250929",
    "content": [
        {
            "type": "thinking",
            "thinking": "The user wants Paris weather; call the tool.",
            "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgx",
        },
        {"type": "text", "text": "I'll check the current weather in Paris."},
        {
            "type": "tool_use",
            "id": "toolu_01A09q90qw90lq917835lq9",
            "name": "get_weather",
            "input": {"location": "Paris, France", "unit": "celsius"},
        },
    ],
    "stop_reason": "tool_use",
    "stop_sequence": None,
    "usage": {
        "input_tokens": 472,
        "cache_creation_input_tokens": 100,
        "cache_read_input_tokens": 1024,
        "output_tokens": 91,
        "service_tier": "standard",
    },
}

BEDROCK_RESPONSE = {
    "output": {
        "message": {
            "role": "assistant",
            "content": [
                {"text": "I'll look up the most popular song on WZPZ."},
                {
                    "toolUse": {
                        "toolUseId": "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q",
                        "name": "top_song",
                        "input": {"sign": "WZPZ"},
                    }
                },
            ],
        }
    },
    "stopReason": "tool_use",
    "usage": {
        "inputTokens": 375,
        "outputTokens": 74,
        "totalTokens": 1449,
        "cacheReadInputTokens": 1000,
        "cacheWriteInputTokens": 0,
    },
    "metrics": {"latencyMs": 1921},
}

# (event type, payload) of a ConverseStream answer; real streams carry a random "p" padding field.
BEDROCK_STREAM = [
    ("messageStart", {"p": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL", "role": "assistant"}),
    ("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": "I'll look up"}, "p": "abcdef"}),
    ("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": " the top song."}, "p": "abcdefghij"}),
    ("contentBlockStop", {"contentBlockIndex": 0, "p": "abcd"}),
    (
        "contentBlockStart",
        {
            "contentBlockIndex": 1,
            "start": {"toolUse": {"toolUseId": "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", "name": "top_song"}},
            "p": "ab",
        },
    ),
    ("contentBlockDelta", {"contentBlockIndex": 1, "delta": {"toolUse": {"input": '{"sign":'}}, "p": "abc"}),
    (
        "contentBlockDelta",
        {"contentBlockIndex": 1, "delta": {"toolUse": {"input": ' "WZPZ"}'}}, "p": "abcde"},
    ),
    ("contentBlockStop", {"contentBlockIndex": 1, "p": "abcdefg"}),
    ("messageStop", {"stopReason": "tool_use", "p": "abcdefghijklm"}),
    (
        "metadata",
        {
            "usage": {"inputTokens": 375, "outputTokens": 74, "totalTokens": 449},
            "metrics": {"latencyMs": 1921},
            "p": "abc",
        },
    ),
]

RESPONSES_ANSWER = {
    "id": "resp_67ccd3a9da748190baa7f1570fe91ac604becb25c45c1d41",
    "object": "response",
    "created_at": 1741476777,
    "status": "completed",
    "model": "gpt-5-codex",
    "output": [
        {"type": "reasoning", "id": "rs_1", "summary": []},
        {
            "type": "message",
            "id": "msg_1",
            "status": "completed",
            "role": "assistant",
            "content": [{"type": "output_text", "text": "Running the tests now.", "annotations": []}],
        },
        {
            "type": "function_call",
            "id": "fc_1",
            "call_id": "call_run_tests_1",
            "name": "run_tests",
            "arguments": '{"path":"tests/"}',
            "status": "completed",
        },
    ],
    "usage": {
        "input_tokens": 328,
        "input_tokens_details": {"cached_tokens": 128},
        "output_tokens": 52,
        "output_tokens_details": {"reasoning_tokens": 16},
        "total_tokens": 380,
    },
}

OLLAMA_RESPONSE = {
    "model": "llama3.2",
    "created_at": "2024-07-22T20:33:28.123648Z",
    "message": {
        "role": "assistant",
        "content": "",
        "tool_calls": [
            {
                "function": {
                    "name": "get_current_weather",
                    "arguments": {"format": "celsius", "location": "Paris, FR"},
                }
            }
        ],
    },
    "done_reason": "stop",
    "done": True,
    "total_duration": 885095291,
    "prompt_eval_count": 122,
    "eval_count": 21,
}
