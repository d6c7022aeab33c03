"""Minimal HTTP/1.1 request reading for the fake upstream: request line, headers, body (length or chunked)."""

from __future__ import annotations

import socket
from dataclasses import dataclass

MAX_HEAD = 64 * 1024
MAX_BODY = 64 * 1024 * 1024


@dataclass(frozen=True)
class HttpRequest:
    """One parsed request: method, path, lower-cased headers, body and whether to keep the connection."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    keep_alive: bool


def _fill(sock: socket.socket, buffer: bytearray) -> bool:
    data = sock.recv(65536)
    if not data:
        return False
    buffer += data
    return True


def _read_exact(sock: socket.socket, buffer: bytearray, size: int) -> bytes:
    while len(buffer) < size:
        if not _fill(sock, buffer):
            raise ConnectionError("peer closed inside a body")
    data = bytes(buffer[:size])
    del buffer[:size]
    return data


def _read_line(sock: socket.socket, buffer: bytearray) -> bytes:
    while (end := buffer.find(b"\r\n")) < 0:
        if len(buffer) > MAX_HEAD or not _fill(sock, buffer):
            raise ConnectionError("peer closed inside a chunk header")
    line = bytes(buffer[:end])
    del buffer[: end + 2]
    return line


def _read_chunked(sock: socket.socket, buffer: bytearray) -> bytes:
    parts: list[bytes] = []
    total = 0
    while True:
        size = int(_read_line(sock, buffer).split(b";", 1)[0], 16)
        if size == 0:
            while _read_line(sock, buffer):  # trailers end with an empty line
                pass
            return b"".join(parts)
        total += size
        if total > MAX_BODY:
            raise ValueError("body too large")
        parts.append(_read_exact(sock, buffer, size))
        _read_exact(sock, buffer, 2)


def read_request(sock: socket.socket, buffer: bytearray) -> HttpRequest | None:
    """Give the next request on a keep-alive connection, or None when the peer closed between requests."""
    while (end := buffer.find(b"\r\n\r\n")) < 0:
        if len(buffer) > MAX_HEAD:
            raise ValueError("request head too large")
        if not _fill(sock, buffer):
            if buffer:
                raise ConnectionError("peer closed inside a request head")
            return None
    head = bytes(buffer[:end]).decode("latin-1")
    del buffer[: end + 4]
    request_line, *header_lines = head.split("\r\n")
    method, path, version = request_line.split(" ", 2)
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = _read_chunked(sock, buffer)
    else:
        length = int(headers.get("content-length") or 0)
        if length > MAX_BODY:
            raise ValueError("body too large")
        body = _read_exact(sock, buffer, length)
    connection = headers.get("connection", "").lower()
    keep_alive = connection != "close" if version == "HTTP/1.1" else connection == "keep-alive"
    return HttpRequest(method, path, headers, body, keep_alive)
