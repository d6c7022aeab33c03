"""Asks a model for JSON and validates it, retrying once with the problems named (then gives up)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

import orjson

T = TypeVar("T")
Chat = Callable[[list[dict]], str]
_FENCE = re.compile(r"^\s*```[a-zA-Z]*\s*|\s*```\s*$")


class MalformedAnswer(Exception):
    """The model's answer is not the JSON asked for; `problems` says why (shown to the admin)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def parse(text: str) -> Any:
    """Give the JSON value of an answer (code fences and text around one object/array tolerated)."""
    body = _FENCE.sub("", (text or "").strip())
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        pass
    starts = [i for i in (body.find("{"), body.find("[")) if i >= 0]
    if starts:
        start = min(starts)
        end = body.rfind("}" if body[start] == "{" else "]")
        try:
            return orjson.loads(body[start : end + 1])
        except orjson.JSONDecodeError:
            pass
    raise MalformedAnswer(["the answer is not JSON"])


def ask_validated(chat: Chat, messages: list[dict], validate: Callable[[Any], T]) -> tuple[T, int]:
    """Give (validated value, attempts); a second malformed answer raises MalformedAnswer."""
    for attempt in (1, 2):
        text = chat(messages)
        try:
            return validate(parse(text)), attempt
        except MalformedAnswer as exc:
            if attempt == 2:
                raise
            messages = [*messages, {"role": "assistant", "content": (text or "")[:6000]},
                        {"role": "user", "content": "That answer could not be used: " + "; ".join(exc.problems[:10])
                         + ". Answer again with only the corrected JSON, no markdown."}]  # fmt: skip
    raise AssertionError("unreachable")
