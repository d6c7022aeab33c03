"""The worker's handler writes the same bytes as pywsgi's, with a small first body chunk in the head's write.

Both handlers serve the same WSGI apps on real (gevent) sockets in this process; every write the handler makes is
recorded, so the test sees how many writes a response took and what the client received.
"""

from __future__ import annotations

import types

import gevent
import pytest
from gevent import pywsgi, socket

from model_prism.gunicorn_worker import KeepAliveHandler


def _recording(base: type) -> type:
    """Give a handler class that records each `_sendall` payload in the server's `writes` list."""

    def _sendall(self, data):
        self.server.writes.append(bytes(data))
        return base._sendall(self, data)

    attrs = {"_sendall": _sendall, "log_request": lambda self: None}
    if base is KeepAliveHandler:
        attrs["idle_timeout"] = 5.0
    return type(f"Recording{base.__name__}", (base,), attrs)


def _app(status: str, headers: list[tuple[str, str]], chunks: list[bytes]):
    def app(environ, start_response):
        start_response(status, headers)
        return iter(chunks)

    return app


SMALL = b'{"ok":true}'
BIG = b"x" * (80 * 1024)

CASES = {
    "content-length": (
        "200 OK",
        [("Content-Type", "application/json"), ("Content-Length", str(len(SMALL)))],
        [SMALL],
    ),
    "chunked, several chunks": (
        "200 OK",
        [("Content-Type", "text/event-stream")],
        [b"data: 1\n\n", b"data: 2\n\n"],
    ),
    "empty first chunk": ("200 OK", [("Content-Type", "text/plain")], [b"", b"later"]),
    "no body": ("204 No Content", [], []),
    "large body": ("200 OK", [("Content-Length", str(len(BIG)))], [BIG]),
}


def _serve(handler_base: type, app, request: bytes) -> tuple[bytes, list[bytes]]:
    """Give (what the client received, the handler's writes) for one request on a fresh connection."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    server = pywsgi.WSGIServer(
        listener, app, handler_class=_recording(handler_base), log=None, error_log=None
    )
    server.writes = []
    server.log = types.SimpleNamespace(access_log_enabled=False)
    server.start()
    try:
        client = socket.create_connection(listener.getsockname())
        client.sendall(request)
        received = b""
        with gevent.Timeout(10):
            while chunk := client.recv(1 << 20):
                received += chunk
        client.close()
    finally:
        server.stop()
    return received, server.writes


def _request(method: str = "GET") -> bytes:
    return f"{method} /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".encode()


def _without_date(raw: bytes) -> bytes:
    return b"\r\n".join(line for line in raw.split(b"\r\n") if not line.startswith(b"Date: "))


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_the_client_receives_the_same_bytes_as_from_pywsgi(case, method):
    status, headers, chunks = CASES[case]
    ours, _ = _serve(KeepAliveHandler, _app(status, headers, chunks), _request(method))
    theirs, _ = _serve(pywsgi.WSGIHandler, _app(status, headers, chunks), _request(method))
    assert _without_date(ours) == _without_date(theirs)
    assert ours.startswith(f"HTTP/1.1 {status}".encode())


def test_a_small_body_goes_out_in_the_same_write_as_the_head():
    status, headers, chunks = CASES["content-length"]
    received, writes = _serve(KeepAliveHandler, _app(status, headers, chunks), _request())
    assert len(writes) == 1
    assert writes[0] == received and writes[0].endswith(b"\r\n\r\n" + SMALL)
    _, theirs = _serve(pywsgi.WSGIHandler, _app(status, headers, chunks), _request())
    assert len(theirs) == 2  # pywsgi: the head, then the body


def test_a_streamed_response_sends_its_first_event_with_the_head_and_the_rest_as_they_come():
    status, headers, chunks = CASES["chunked, several chunks"]
    _, writes = _serve(KeepAliveHandler, _app(status, headers, chunks), _request())
    assert len(writes) == 3  # head + first chunk, second chunk, the last-chunk marker
    assert writes[0].endswith(b"\r\n\r\n9\r\ndata: 1\n\n\r\n")
    assert writes[1] == b"9\r\ndata: 2\n\n\r\n" and writes[2] == b"0\r\n\r\n"


def test_a_large_body_is_still_sent_apart_from_the_head():
    status, headers, chunks = CASES["large body"]
    _, writes = _serve(KeepAliveHandler, _app(status, headers, chunks), _request())
    assert len(writes) == 2 and writes[0].endswith(b"\r\n\r\n") and writes[1] == BIG
