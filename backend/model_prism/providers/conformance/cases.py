"""The conformance cases: one OpenAI-shaped request per case and the check every adapter's answer must pass.

The canonical answer (text, tool call, usage, error text) is shared with the fake provider servers,
which play each case in their own wire format; so a pass means the adapter translated both ways.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import orjson

from ...errors import ProviderError

TEXT = "Hello from the fake provider."
PIECES = ("Hello", " from", " the", " fake", " provider.")
TOOL_ID = "call_weather_1"
TOOL_NAME = "get_weather"
TOOL_ARGS = '{"city": "Paris"}'
TOOL_ARG_PIECES = ('{"city', '": "Par', 'is"}')
JSON_ANSWER = '{"answer": 42}'
IMAGE_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
IMAGE_TEXT = "I see a image/png picture."
USAGE = {"input": 11, "output": 7, "cache_read": 0, "cache_write": 0}
CACHE_USAGE = {"input": 5, "output": 7, "cache_read": 100, "cache_write": 20}
RETRY_AFTER = 7.0
ERROR_STATUSES = (400, 401, 429, 500)
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": TOOL_NAME,
        "description": "Current weather for a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}


def error_text(status: int) -> str:
    """Give the distinctive upstream error message for a status (adapters must keep it)."""
    return f"fake upstream refused the request with {status}"


class CaseFailed(AssertionError):
    """The adapter's answer broke the case's contract."""


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise CaseFailed(what)


@dataclass(frozen=True)
class Case:
    """One conformance case: the request, whether it streams, and the check (gives a note for the matrix)."""

    name: str
    stream: bool
    request: Callable[[str], dict]
    check: Callable[[Callable[[], object], Profile], str]


@dataclass(frozen=True)
class Profile:
    """What a target's wire can carry: canonical answers, cache usage fields, upstream tool-call ids."""

    canonical: bool = True
    cache_fields: bool = True
    tool_ids: bool = True


def _messages(*extra: dict) -> list[dict]:
    return [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Say hello"}, *extra]


def _usage_ok(usage: dict | None, prompt: int, completion: int, cached: int | None) -> None:
    expect(isinstance(usage, dict), f"usage missing: {usage!r}")
    got = (usage.get("prompt_tokens"), usage.get("completion_tokens"), usage.get("total_tokens"))
    expect(
        got == (prompt, completion, prompt + completion),
        f"usage {got} != {(prompt, completion, prompt + completion)}",
    )
    if cached is not None:
        seen = (usage.get("prompt_tokens_details") or {}).get("cached_tokens")
        expect(seen == cached, f"cached_tokens {seen} != {cached}")


def collect(chunks: Iterator[dict]) -> dict:
    """Give the reassembled stream: text, tool calls by index, finish reason, last chunk, chunk count."""
    text, calls, finish, last, count = [], {}, None, None, 0
    for chunk in chunks:
        expect(chunk.get("object") == "chat.completion.chunk", f"not a chunk: {str(chunk)[:80]}")
        count, last = count + 1, chunk
        for choice in chunk.get("choices") or ():
            delta = choice.get("delta") or {}
            text.append(delta.get("content") or "")
            for call in delta.get("tool_calls") or ():
                slot = calls.setdefault(call["index"], {"id": None, "name": None, "arguments": ""})
                slot["id"] = call.get("id") or slot["id"]
                fn = call.get("function") or {}
                slot["name"] = fn.get("name") or slot["name"]
                slot["arguments"] += fn.get("arguments") or ""
            finish = choice.get("finish_reason") or finish
    return {"text": "".join(text), "calls": calls, "finish": finish, "last": last, "count": count}


def _id_ok(call_id, profile: Profile) -> bool:
    # A wire without tool-call ids (Ollama's native API) gets ids made up by the adapter.
    return call_id == TOOL_ID if profile.tool_ids else bool(call_id)


def _check_plain(call, profile: Profile) -> str:
    doc = call()
    expect(doc.get("object") == "chat.completion", "object is not chat.completion")
    message = doc["choices"][0]["message"]
    expect(message.get("role") == "assistant", "role is not assistant")
    if profile.canonical:
        expect(message.get("content") == TEXT, f"content {message.get('content')!r}")
        expect(doc["choices"][0]["finish_reason"] == "stop", "finish_reason is not stop")
        _usage_ok(doc.get("usage"), 11, 7, None)
    else:
        expect(bool(message.get("content")), "empty content")
        u = doc["usage"]
        _usage_ok(u, u["prompt_tokens"], u["completion_tokens"], None)
    return "ok"


def _check_stream(call, profile: Profile) -> str:
    got = collect(call())
    last = got["last"] or {}
    expect(
        last.get("choices") == [] and isinstance(last.get("usage"), dict), "last chunk is not the usage chunk"
    )
    expect(got["finish"] == "stop", f"finish_reason {got['finish']!r}")
    if profile.canonical:
        expect(got["text"] == TEXT, f"text {got['text']!r}")
        _usage_ok(last["usage"], 11, 7, None)
    return f"ok ({got['count']} chunks)"


def _check_tools(call, profile: Profile) -> str:
    doc = call()
    calls = doc["choices"][0]["message"].get("tool_calls") or []
    expect(len(calls) == 1, f"{len(calls)} tool calls")
    fn = calls[0]["function"]
    expect(_id_ok(calls[0]["id"], profile) and calls[0]["type"] == "function", f"tool call {calls[0]!r}")
    expect(fn["name"] == TOOL_NAME and orjson.loads(fn["arguments"]) == {"city": "Paris"}, f"function {fn!r}")
    expect(doc["choices"][0]["finish_reason"] == "tool_calls", "finish_reason is not tool_calls")
    return "ok"


def _check_stream_tools(call, profile: Profile) -> str:
    got = collect(call())
    expect(list(got["calls"]) == [0], f"tool call indexes {list(got['calls'])}")
    c = got["calls"][0]
    expect(_id_ok(c["id"], profile) and c["name"] == TOOL_NAME, f"tool call {c!r}")
    expect(orjson.loads(c["arguments"]) == {"city": "Paris"}, f"arguments {c['arguments']!r}")
    expect(got["finish"] == "tool_calls", f"finish_reason {got['finish']!r}")
    return "ok"


def _check_content(expected: str):
    def check(call, profile: Profile) -> str:
        content = call()["choices"][0]["message"]["content"]
        if expected == JSON_ANSWER:
            expect(isinstance(orjson.loads(content), dict), f"not a JSON object: {content!r}")
            expect(not profile.canonical or orjson.loads(content) == {"answer": 42}, f"content {content!r}")
        else:
            expect(content == expected, f"content {content!r}")
        return "ok"

    return check


def _check_usage():
    def check(call, profile: Profile) -> str:
        doc = call()
        if not profile.canonical:
            u = doc["usage"]
            _usage_ok(u, u["prompt_tokens"], u["completion_tokens"], None)
            return "ok"
        _usage_ok(doc.get("usage"), 125, 7, 100 if profile.cache_fields else None)
        return "ok (cache fields)" if profile.cache_fields else "ok (wire has no cache fields)"

    return check


def _check_error(status: int):
    def check(call, profile: Profile) -> str:
        try:
            call()
        except ProviderError as exc:
            expect(exc.upstream_status == status, f"status {exc.upstream_status} != {status}")
            expect(error_text(status) in exc.message, f"upstream text lost: {exc.message[:100]!r}")
            if status == 429:
                expect(exc.retry_after == RETRY_AFTER, f"retry_after {exc.retry_after!r}")
            return "ok"
        raise CaseFailed("no ProviderError raised")

    return check


def _check_malformed(call, profile: Profile) -> str:
    try:
        got = collect(call())
    except ProviderError as exc:
        expect(exc.status == 502, f"status {exc.status}")
        return "ok (rejected, 502)"
    expect(got["text"] == TEXT, f"text {got['text']!r}")
    return "ok (garbage skipped)"


def _check_cut(call, profile: Profile) -> str:
    seen: list[dict] = []
    try:
        for chunk in call():
            seen.append(chunk)
    except ProviderError as exc:
        expect(exc.status == 502, f"status {exc.status}")
        text = "".join(
            (c.get("delta") or {}).get("content") or "" for ch in seen for c in ch.get("choices") or ()
        )
        expect(text == "Hello from", f"partial text {text!r}")
        return "ok (502 after partial)"
    raise CaseFailed("a cut stream ended quietly")


def _req(model: str, *, stream: bool = False, **extra) -> dict:
    return {"model": model, "messages": _messages(), "max_tokens": 64, "stream": stream, **extra}


def all_cases() -> list[Case]:
    """Give the cases in matrix order."""
    image_msg = [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What is this?"},
                {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{IMAGE_B64}"}},
            ],
        }
    ]
    cases = [
        Case("plain", False, lambda m: _req(m), _check_plain),
        Case("stream", True, lambda m: _req(m, stream=True), _check_stream),
        Case("tools", False, lambda m: _req(m, tools=[WEATHER_TOOL], tool_choice="auto"), _check_tools),
        Case("stream-tools", True, lambda m: _req(m, stream=True, tools=[WEATHER_TOOL]), _check_stream_tools),
        Case("images", False, lambda m: {**_req(m), "messages": image_msg}, _check_content(IMAGE_TEXT)),
        Case(
            "json",
            False,
            lambda m: _req(m, response_format={"type": "json_object"}),
            _check_content(JSON_ANSWER),
        ),
        Case("usage", False, lambda m: _req(m), _check_usage()),
    ]
    cases += [Case(f"error-{s}", False, lambda m: _req(m), _check_error(s)) for s in ERROR_STATUSES]
    cases += [
        Case("malformed", True, lambda m: _req(m, stream=True), _check_malformed),
        Case("cut", True, lambda m: _req(m, stream=True), _check_cut),
    ]
    return cases
