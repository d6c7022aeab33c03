"""Parsing OpenAI-style server-sent events into chunk dicts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import orjson

from ..errors import ProviderError


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
    """Yield each `data:` JSON object of an OpenAI SSE stream; stop at [DONE]; raise on error events."""
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
            yield doc
