"""Hypothesis strategies for hostile gateway requests: raw bytes, wrong types, odd numbers, deep nesting, fake images."""

from __future__ import annotations

import orjson
from hypothesis import strategies as st

MODELS = st.sampled_from(
    ["gpt-4o-mini", "gpt-4o", "auto", "no-such-model", "fake-openai/gpt-4o", "", " ", "../x"]
)
JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**64), 2**64)
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
HUGE_INTS = st.integers(-(2**63), 2**70) | st.sampled_from([0, -1, 2**31, 2**63 - 1, 2**64, 10**30])
NOT_IMAGES = st.sampled_from(
    [
        "data:image/png;base64,not-base64!!",
        "data:image/png;base64,",
        "data:;base64,QUJD",
        "data:image/png,rawtext",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "",
        "data:image/png;base64," + "A" * 5000,
    ]
)


def image_content(url) -> list:
    return [{"type": "text", "text": "what is this?"}, {"type": "image_url", "image_url": {"url": url}}]


CONTENT = (
    st.text(max_size=80)
    | NOT_IMAGES.map(image_content)
    | JSON_VALUES
    | st.builds(lambda u: [{"type": "image_url", "image_url": u}], JSON_VALUES)
    | st.builds(lambda t: [{"type": t}], st.text(max_size=12))
)
MESSAGE = st.fixed_dictionaries(
    {
        "role": st.sampled_from(["user", "system", "assistant", "tool", "developer", "", "robot"])
        | JSON_SCALARS
    },
    optional={
        "content": CONTENT,
        "name": JSON_SCALARS,
        "tool_calls": JSON_VALUES,
        "tool_call_id": JSON_SCALARS,
    },
)
CHAT_BODY = st.fixed_dictionaries(
    {},
    optional={
        "model": MODELS | JSON_SCALARS,
        "messages": st.lists(MESSAGE, max_size=3) | JSON_VALUES,
        "max_tokens": HUGE_INTS | JSON_SCALARS,
        "max_completion_tokens": HUGE_INTS,
        "stream": st.booleans() | JSON_SCALARS,
        "stream_options": JSON_VALUES,
        "temperature": JSON_SCALARS,
        "tools": JSON_VALUES,
        "tool_choice": JSON_VALUES,
        "response_format": JSON_VALUES,
        "n": HUGE_INTS,
    },
)
ANTHROPIC_BODY = st.fixed_dictionaries(
    {},
    optional={
        "model": MODELS | JSON_SCALARS,
        "max_tokens": HUGE_INTS | JSON_SCALARS,
        "messages": st.lists(MESSAGE, max_size=3) | JSON_VALUES,
        "system": JSON_VALUES,
        "stream": st.booleans() | JSON_SCALARS,
        "tools": JSON_VALUES,
        "thinking": JSON_VALUES,
    },
)
OTHER_BODY = st.fixed_dictionaries(
    {},
    optional={
        "model": MODELS | JSON_SCALARS,
        "prompt": JSON_VALUES,
        "input": JSON_VALUES,
        "suffix": JSON_VALUES,
    },
)


def deep(depth: int, leaf: object = "x") -> object:
    """Give a value nested `depth` levels deep (lists and objects alternating)."""
    value: object = leaf
    for i in range(depth):
        value = [value] if i % 2 else {"a": value}
    return value


DEEP_BODIES = [
    b"[" * 100_000,
    b'{"a":' * 5000 + b"1" + b"}" * 5000,
    orjson.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": deep(250)}]}),
    orjson.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}], "tools": deep(250)}),
    orjson.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": "hi", "x": deep(250)}]}),
    orjson.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}] * 10_001}),
]
RAW_BODIES = st.binary(max_size=200) | st.sampled_from(
    [b"", b"null", b"[]", b"1", b'"x"', b"\xff\xfe\x00", b'{"model": "gpt-4o", "messages": [{"role": "user", '
     b'"content": "\xc3\x28\xa0\xa1"}]}', b'{"model":"gpt-4o","messages":[{"role":"user","content":"\\ud800"}]}',
     b"{'single': 'quotes'}", b'{"a":1,}', b"NaN", b'{"max_tokens": Infinity}']
)  # fmt: skip
CONTENT_TYPES = st.sampled_from(
    ["application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
     "application/json; charset=latin-1", "", "image/png"]
)  # fmt: skip
VALID_MESSAGE = st.fixed_dictionaries(
    {"role": st.just("user"), "content": st.text(min_size=1, max_size=60) | NOT_IMAGES.map(image_content)}
)
NEAR_VALID_CHAT = st.fixed_dictionaries(
    {"model": st.sampled_from(["gpt-4o-mini", "gpt-4o", "auto", "no-such-model"]),
     "messages": st.lists(VALID_MESSAGE, min_size=1, max_size=3)},
    optional={"max_tokens": HUGE_INTS, "stream": st.booleans(), "temperature": st.floats(-5, 5),
              "stream_options": st.just({"include_usage": True})},
)  # fmt: skip
