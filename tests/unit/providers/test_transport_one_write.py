"""A request's head leaves in the same write as its body (one segment, one wake-up of the provider)."""

from __future__ import annotations

import socket
import ssl
import threading

import pytest

from model_prism.providers.transport import OneWriteHTTPSConnection, PeekingHTTPConnection
from tests.fakes.tls import self_signed_pair


class CountingSocket:
    """The connection's socket, recording each write http.client makes."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self.writes: list[bytes] = []

    def sendall(self, data) -> None:
        self.writes.append(bytes(data))
        self._sock.sendall(data)

    def __getattr__(self, name: str):
        return getattr(self._sock, name)


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        data += conn.recv(65536)
    head, _, rest = data.partition(b"\r\n\r\n")
    fields = dict(line.split(b": ", 1) for line in head.split(b"\r\n")[1:])
    if b"Content-Length" in fields:
        while len(rest) < int(fields[b"Content-Length"]):
            rest += conn.recv(65536)
    elif fields.get(b"Transfer-Encoding") == b"chunked":
        while not rest.endswith(b"0\r\n\r\n"):
            rest += conn.recv(65536)
    return head + b"\r\n\r\n" + rest


@pytest.fixture
def server():
    """A loopback server that answers each request with 200 `ok` and keeps what it received."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    received: list[bytes] = []

    def serve():
        conn = listener.accept()[0]
        with conn:
            while True:
                try:
                    received.append(_read_request(conn))
                except (OSError, ValueError):
                    return
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")

    threading.Thread(target=serve, daemon=True).start()
    yield listener.getsockname()[1], received
    listener.close()


def _connect(port: int) -> tuple[PeekingHTTPConnection, CountingSocket]:
    conn = PeekingHTTPConnection("127.0.0.1", port, timeout=5)
    counting = CountingSocket(socket.create_connection(("127.0.0.1", port), timeout=5))
    conn.sock = counting
    return conn, counting


def test_head_and_body_go_out_in_one_write(server):
    port, received = server
    conn, sock = _connect(port)
    body = b'{"model":"m","messages":[]}'
    conn.request("POST", "/v1/chat/completions", body=body, headers={"Authorization": "Bearer k"})
    response = conn.getresponse()
    assert (response.status, response.data) == (200, b"ok")
    assert len(sock.writes) == 1
    assert sock.writes[0].startswith(b"POST /v1/chat/completions HTTP/1.1\r\n")
    assert sock.writes[0].endswith(b"\r\n\r\n" + body)
    assert b"Content-Length: %d\r\n" % len(body) in sock.writes[0]
    assert received == [sock.writes[0]]
    conn.close()


def test_a_request_without_body_sends_its_head_when_the_response_is_awaited(server):
    port, received = server
    conn, sock = _connect(port)
    conn.request("GET", "/v1/models")
    assert sock.writes == []  # held until the response is read
    response = conn.getresponse()
    assert (response.status, response.data) == (200, b"ok")
    assert len(sock.writes) == 1 and sock.writes[0].startswith(b"GET /v1/models HTTP/1.1\r\n")
    assert received == sock.writes
    conn.close()


def test_a_chunked_body_joins_its_first_chunk_to_the_head(server):
    port, received = server
    conn, sock = _connect(port)
    conn.request("POST", "/upload", body=iter([b"abc", b"defg"]), chunked=True)
    response = conn.getresponse()
    assert (response.status, response.data) == (200, b"ok")
    assert [w[-10:] for w in sock.writes[1:]] == [b"4\r\ndefg\r\n", b"0\r\n\r\n"]
    assert sock.writes[0].endswith(b"\r\n\r\n3\r\nabc\r\n")
    assert received == [b"".join(sock.writes)]
    conn.close()


def test_two_requests_on_one_connection_each_take_one_write(server):
    port, received = server
    conn, sock = _connect(port)
    for n in range(2):
        conn.request("POST", "/v1/chat/completions", body=b"{}" * (n + 1))
        assert conn.getresponse().data == b"ok"
    assert len(sock.writes) == 2 and received == sock.writes
    conn.close()


def test_https_connection_sends_head_and_body_in_one_tls_write(tmp_path):
    cert, key = self_signed_pair(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    received: list[bytes] = []

    def serve():
        with context.wrap_socket(listener.accept()[0], server_side=True) as conn:
            received.append(_read_request(conn))
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")

    threading.Thread(target=serve, daemon=True).start()
    conn = OneWriteHTTPSConnection(
        "127.0.0.1", listener.getsockname()[1], timeout=5, cert_reqs="CERT_NONE", assert_hostname=False
    )
    conn.connect()
    sock = CountingSocket(conn.sock)
    conn.sock = sock
    conn.request("POST", "/v1/messages", body=b'{"max_tokens":1}')
    response = conn.getresponse()
    assert (response.status, response.data) == (200, b"ok")
    assert len(sock.writes) == 1 and sock.writes[0].endswith(b'\r\n\r\n{"max_tokens":1}')
    assert received == sock.writes
    conn.close()
    listener.close()
