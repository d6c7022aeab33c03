"""The conformance scenarios every fake provider plays, each in its own wire format.

The request's model id names the case (`case-tools`, `case-error-429`, …). The fake extracts the
facts a correct translation must have put on the wire (tool definitions, the image, a JSON-mode
hint) and answers with the same canonical content, so one check fits every adapter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from model_prism.providers.conformance.cases import (  # noqa: F401 - re-exported for the fakes
    CACHE_USAGE,
    ERROR_STATUSES,
    IMAGE_B64,
    IMAGE_TEXT,
    JSON_ANSWER,
    PIECES,
    TEXT,
    TOOL_ARG_PIECES,
    TOOL_ARGS,
    TOOL_ID,
    TOOL_NAME,
    USAGE,
    error_text,
)

RETRY_AFTER = "7"


@dataclass(frozen=True)
class WireFacts:
    """What the adapter put on the wire, as the fake understood it."""

    tools: tuple[str, ...] = ()
    image: tuple[str, str] | None = None  # (media type, base64 data)
    json_hint: bool = False
    problems: tuple[str, ...] = ()  # wire-format violations found by the fake (headers, fields)


@dataclass(frozen=True)
class Plan:
    """What the fake answers."""

    kind: str = "text"  # text | tool | error
    text: str = TEXT
    pieces: tuple[str, ...] = PIECES
    usage: dict = field(default_factory=lambda: dict(USAGE))
    status: int = 200
    message: str = ""
    stream_mode: str = "normal"  # normal | malformed | cut


def case_of(model: str) -> str:
    """Give the case name carried by a model id (`case-tools` → `tools`)."""
    return str(model or "").removeprefix("case-")


def plan(case: str, facts: WireFacts) -> Plan:
    """Give the fake's answer for a case, or a 400 naming what the translation got wrong."""
    if facts.problems:
        return Plan(kind="error", status=400, message="fake: " + "; ".join(facts.problems))
    if case.startswith("error-"):
        status = int(case.split("-", 1)[1])
        return Plan(kind="error", status=status, message=error_text(status))
    if case in ("tools", "stream-tools"):
        if TOOL_NAME not in facts.tools:
            return Plan(kind="error", status=400, message=f"fake: tool {TOOL_NAME} not on the wire")
        return Plan(kind="tool")
    if case == "images":
        if facts.image != ("image/png", IMAGE_B64):
            return Plan(
                kind="error", status=400, message=f"fake: image missing or altered: {facts.image!r:.80}"
            )
        return Plan(text=IMAGE_TEXT, pieces=(IMAGE_TEXT,))
    if case == "json":
        if not facts.json_hint:
            return Plan(kind="error", status=400, message="fake: JSON mode not on the wire")
        return Plan(text=JSON_ANSWER, pieces=('{"answer"', ": 42}"))
    if case == "usage":
        return Plan(usage=dict(CACHE_USAGE))
    if case in ("malformed", "cut"):
        return Plan(stream_mode=case)
    return Plan()
