"""Shared upstream calls for adapters: JSON posts and opened streams with errors kept verbatim."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import orjson

from ..errors import ProviderError
from .transport import CHAT_READ_TIMEOUT, Transport, UpstreamStream

# Reads the upstream's error body and gives the message worth keeping (upstream wording intact).
ErrorReader = Callable[[bytes], str]
MAX_ERROR_TEXT = 2000


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Give the Retry-After seconds of a response, or None when absent or not a number."""
    value = headers.get("retry-after") or headers.get("retry-after-ms")
    try:
        seconds = float(value) if value else None
    except ValueError:
        return None
    if seconds is not None and "retry-after" not in headers:
        seconds /= 1000.0
    return seconds


def plain_error_text(data: bytes) -> str:
    """Give the body as text (the default error reader)."""
    return data[:MAX_ERROR_TEXT].decode("utf-8", "replace")


def error_for(
    status: int, headers: Mapping[str, str], data: bytes, label: str, reader: ErrorReader
) -> ProviderError:
    """Give the ProviderError for a non-2xx answer: `<label> error <status>: <upstream text>`."""
    try:
        text = reader(data)
    except (ValueError, TypeError, KeyError, AttributeError):
        text = plain_error_text(data)
    return ProviderError(f"{label} error {status}: {text}", status=status, retry_after=retry_after(headers))


def json_body(data: bytes, label: str) -> dict:
    """Give the JSON object of a 2xx answer; anything else is a 502 ProviderError."""
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError:
        snippet = data[:120].decode("utf-8", "replace")
        raise ProviderError(f"{label} error: upstream sent invalid JSON: {snippet}", status=502) from None
    if not isinstance(doc, dict):
        raise ProviderError(f"{label} error: upstream sent an unexpected body", status=502)
    return doc


def post_json(
    transport: Transport,
    url: str,
    body: dict,
    headers: dict[str, str],
    *,
    label: str,
    skip_ssl: bool,
    proxy: str,
    reader: ErrorReader = plain_error_text,
    read_timeout: float = CHAT_READ_TIMEOUT,
    raw_body: bytes | None = None,
) -> dict:
    """POST a JSON body and give the JSON answer; non-2xx raises with the upstream text and status."""
    resp = transport.request(
        "POST",
        url,
        body=raw_body if raw_body is not None else orjson.dumps(body),
        headers=headers,
        read_timeout=read_timeout,
        skip_ssl=skip_ssl,
        proxy=proxy,
    )
    if resp.status >= 300:
        raise error_for(resp.status, resp.headers, resp.data, label, reader)
    return json_body(resp.data, label)


def open_stream(
    transport: Transport,
    url: str,
    body: bytes,
    headers: dict[str, str],
    *,
    label: str,
    skip_ssl: bool,
    proxy: str,
    reader: ErrorReader = plain_error_text,
    read_timeout: float = CHAT_READ_TIMEOUT,
) -> UpstreamStream:
    """Open a streaming POST; a non-2xx answer is read, closed and raised as ProviderError."""
    stream = transport.open(
        "POST", url, body=body, headers=headers, read_timeout=read_timeout, skip_ssl=skip_ssl, proxy=proxy
    )
    if stream.status >= 300:
        try:
            data = stream.read_all()[:MAX_ERROR_TEXT]
        finally:
            stream.close()
        raise error_for(stream.status, stream.headers, data, label, reader)
    return stream
