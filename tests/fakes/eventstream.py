"""Encoding AWS event-stream messages for the fake Bedrock server (the adapter decodes with botocore)."""

from __future__ import annotations

import struct
import zlib


def _header(name: str, value: str) -> bytes:
    raw_name, raw_value = name.encode(), value.encode()
    return bytes([len(raw_name)]) + raw_name + b"\x07" + struct.pack(">H", len(raw_value)) + raw_value


def encode_message(headers: dict[str, str], payload: bytes) -> bytes:
    """Give one event-stream message: prelude (lengths + CRC), string headers, payload, message CRC."""
    head = b"".join(_header(k, v) for k, v in headers.items())
    total = 12 + len(head) + len(payload) + 4
    prelude = struct.pack(">II", total, len(head))
    prelude += struct.pack(">I", zlib.crc32(prelude) & 0xFFFFFFFF)
    body = prelude + head + payload
    return body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def event(name: str, payload: bytes) -> bytes:
    """Give an `event` message of the given event type with a JSON payload."""
    return encode_message(
        {":event-type": name, ":content-type": "application/json", ":message-type": "event"}, payload
    )


def exception(name: str, payload: bytes) -> bytes:
    """Give an `exception` message (e.g. throttlingException) with a JSON payload."""
    return encode_message(
        {":exception-type": name, ":content-type": "application/json", ":message-type": "exception"}, payload
    )
