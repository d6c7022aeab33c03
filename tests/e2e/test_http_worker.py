"""The gunicorn worker (gevent + pywsgi, `model_prism.gunicorn_worker`) on a real server: keep-alive connections are
reused, a chunked request body is read, and a connection idle (or stalled inside a request head) for longer than GUNICORN_KEEPALIVE is closed, so
idle clients cannot hold the worker's connection slots. Graceful shutdown under keep-alive load is covered by
tests/reliability/test_nothing_lost.py (it loses records when responses do not close connections while stopping)."""

from __future__ import annotations

import json
import socket
import time

import pytest
import requests

from tests.e2e.server import PrismServer

pytestmark = [pytest.mark.e2e]

GET = b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = PrismServer(tmp_path_factory.mktemp("worker"), env={"GUNICORN_KEEPALIVE": "1"}).start()
    try:
        yield srv
    finally:
        srv.stop()


def _connect(srv: PrismServer) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def _response(sock: socket.socket) -> bytes:
    """Read one response with a Content-Length body."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"connection closed mid-response: {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        body += sock.recv(65536)
    return head


def _closed_within(sock: socket.socket, seconds: float) -> float:
    """Give how long the server took to close the connection (recv gives b"")."""
    started = time.monotonic()
    sock.settimeout(seconds)
    assert sock.recv(1) == b""
    return time.monotonic() - started


def test_keep_alive_connection_serves_several_requests(server):
    with _connect(server) as sock:
        for _ in range(3):
            sock.sendall(GET)
            head = _response(sock)
            assert head.startswith(b"HTTP/1.1 200")
            assert b"connection: close" not in head.lower()


def test_idle_keep_alive_connection_is_closed_after_the_keepalive_timeout(server):
    with _connect(server) as sock:
        sock.sendall(GET)
        assert _response(sock).startswith(b"HTTP/1.1 200")
        waited = _closed_within(sock, 10)
    assert 0.5 < waited < 5, waited


def test_a_stalled_request_head_is_closed_after_the_keepalive_timeout(server):
    with _connect(server) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")  # the head never ends
        sock.settimeout(10)
        started = time.monotonic()
        rest = b""
        while chunk := sock.recv(65536):
            rest += chunk
        waited = time.monotonic() - started
    assert waited < 5, waited
    assert rest == b"" or rest.startswith(b"HTTP/1.1 400"), rest[:200]


def test_a_chunked_request_body_is_read(server):
    body = json.dumps({"username": "admin", "password": "chunked-password"}).encode()

    def pieces():  # requests sends a generator as Transfer-Encoding: chunked
        yield body[:10]
        yield body[10:]

    made = requests.post(
        server.url + "/api/prism/setup/admin",
        data=pieces(),
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert made.status_code in (200, 201), made.text
    login = requests.post(
        server.url + "/api/prism/auth/login",
        json={"username": "admin", "password": "chunked-password"},
        timeout=10,
    )
    assert login.status_code == 200 and login.json()["token"]
