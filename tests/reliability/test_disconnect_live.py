"""Clients that hang up mid-stream on a real gunicorn + gevent worker: each upstream stream is abandoned at once,
and the worker's open sockets come back to where they were (no leaked upstream connection or stuck greenlet)."""

from __future__ import annotations

import contextlib
import os
import socket
import time

import orjson
import pytest

from tests.e2e.server import PrismServer

from .hostile_upstream import HostileUpstream
from .live import provision, worker_pid

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
CLIENTS = 12


def _sockets(pid: int) -> int:
    count = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        with contextlib.suppress(OSError):  # an fd closed while we look
            count += os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:")
    return count


def _open_stream(srv: PrismServer, key: str) -> socket.socket:
    body = orjson.dumps({"model": "gpt-4o", "stream": True, "messages": [{"role": "user", "content": "hi"}]})
    sock = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    head = (f"POST /api/gone/v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {key}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")  # fmt: skip
    sock.sendall(head.encode() + body)
    received = b""
    while received.count(b"data: ") < 2:
        received += sock.recv(4096)
    assert received.startswith(b"HTTP/1.1 200")
    return sock


def test_clients_hanging_up_mid_stream_free_every_upstream_and_socket(tmp_path):
    with HostileUpstream() as upstream:
        srv = PrismServer(tmp_path).start()
        try:
            live = provision(srv, upstream.base_url, slug="gone")
            upstream.mode = "slow-stream"
            _open_stream(srv, live.key).close()  # warm: pools, snapshot, first-request imports
            assert upstream.settle(5) == 0
            worker = worker_pid(srv.proc.pid)
            time.sleep(0.5)
            baseline = _sockets(worker)
            started = time.monotonic()
            clients = [_open_stream(srv, live.key) for _ in range(CLIENTS)]
            assert upstream.open_connections >= CLIENTS
            for c in clients:
                c.close()
            assert upstream.settle(5) == 0, f"{upstream.open_connections} upstream streams still open"
            assert time.monotonic() - started < 5  # well before the 5-second streams would have ended
            deadline = time.monotonic() + 5
            while _sockets(worker) > baseline + 1 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert _sockets(worker) <= baseline + 1, f"{_sockets(worker)} sockets open, {baseline} before"
            assert upstream.chunks_sent < (CLIENTS + 1) * 50
        finally:
            srv.stop()
