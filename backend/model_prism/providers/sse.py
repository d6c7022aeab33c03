"""Parsing server-sent events: OpenAI-style `data:` streams and named-event streams (Anthropic, Responses API)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import orjson

from ..errors import ProviderError

CUT_STREAM = "Upstream stream terminated before completion (connection closed without a final event)"


def error_from_json(doc: dict) -> ProviderError:
    """Give the ProviderError for an `{"error": ...}` document, keeping the upstream text and status."""
    err = doc.get("error")
    if isinstance(err, dict):
        message = err.get("message") or orjson.dumps(err).decode()
        status = err.get("code") if isinstance(err.get("code"), int) else err.get("status")
    else:
        message, status = str(err), None
    return ProviderError(str(message), status=status if isinstance(status, int) else 400)


def iter_openai_events(lines: Iterable[bytes]) -> Iterator[dict]:
    """Yield each `data:` JSON object of an OpenAI SSE stream; stop at [DONE]; raise on error events.

    A stream that ends without `[DONE]` and without any finish_reason was cut: that raises a 502
    ProviderError instead of ending quietly with a partial answer.
    """
    finished = False
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith(b":"):
            continue
        if not line.startswith(b"data:"):
            if b"error" in line and b"400" in line:
                raise ProviderError(line.decode("utf-8", "replace"), status=400)
            continue
        payload = line[5:].strip()
        if payload == b"[DONE]":
            return
        try:
            doc = orjson.loads(payload)
        except orjson.JSONDecodeError:
            continue
        if isinstance(doc, dict) and doc.get("error"):
            raise error_from_json(doc)
        if isinstance(doc, dict):
            finished = finished or any(
                isinstance(c, dict) and c.get("finish_reason") for c in doc.get("choices") or ()
            )
            yield doc
    if not finished:
        raise ProviderError(CUT_STREAM, status=502)


def iter_sse(lines: Iterable[bytes]) -> Iterator[tuple[str, bytes]]:
    """Yield (event name, data) per dispatched SSE event; multi-line data is joined with newlines."""
    event, data = "", []
    for raw in lines:
        line = raw.rstrip(b"\r")
        if not line:
            if data:
                yield event or "message", b"\n".join(data)
            event, data = "", []
            continue
        if line.startswith(b":"):
            continue
        name, _, value = line.partition(b":")
        value = value[1:] if value.startswith(b" ") else value
        if name == b"event":
            event = value.decode("utf-8", "replace")
        elif name == b"data":
            data.append(value)
    if data:
        yield event or "message", b"\n".join(data)


def iter_sse_json(lines: Iterable[bytes]) -> Iterator[tuple[str, dict]]:
    """Yield (event name, JSON object) per SSE event; unparsable data is skipped (as for OpenAI streams)."""
    for event, data in iter_sse(lines):
        try:
            doc = orjson.loads(data)
        except orjson.JSONDecodeError:
            continue
        if isinstance(doc, dict):
            yield event, doc
