"""A stream read to its last event gives its connection back to the pool; an unfinished one is closed."""

from __future__ import annotations

import socket
import threading
import time

from model_prism.providers.sse import iter_openai_events
from model_prism.providers.transport import Transport

EVENT = b'data: {"choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}]}\n\n'
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"


def _chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


def _listen() -> tuple[socket.socket, str]:
    """Give a listening socket on a free loopback port and the chat URL served on it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    return listener, f"http://127.0.0.1:{listener.getsockname()[1]}/v1/chat/completions"


class SseServer:
    """Answers every request on a connection with one chunked SSE stream; counts connections."""

    def __init__(self, *, terminate: bool = True) -> None:
        self.terminate = terminate
        self.connections = 0
        self.closed_by_peer = threading.Event()
        self.listener, self.url = _listen()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        buffer = b""
        with conn:
            while True:
                while b"\r\n\r\n" not in buffer:
                    data = conn.recv(65536)
                    if not data:
                        self.closed_by_peer.set()
                        return
                    buffer += data
                head, _, buffer = buffer.partition(b"\r\n\r\n")
                length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
                while len(buffer) < length:
                    buffer += conn.recv(65536)
                buffer = buffer[length:]
                reply = HEAD + _chunk(EVENT) + _chunk(b"data: [DONE]\n\n")
                conn.sendall(reply + (b"0\r\n\r\n" if self.terminate else b""))

    def close(self) -> None:
        self.listener.close()


def _stream_once(transport: Transport, url: str) -> list[dict]:
    stream = transport.open("POST", url, body=b"{}", headers={"Content-Type": "application/json"})
    return list(stream.relay(iter_openai_events(stream.lines())))


def test_finished_streams_reuse_one_connection():
    server = SseServer()
    transport = Transport()
    try:
        for _ in range(3):
            assert len(_stream_once(transport, server.url)) == 1
        assert server.connections == 1
    finally:
        server.close()


def test_a_body_that_does_not_end_after_its_last_event_is_closed_quickly():
    server = SseServer(terminate=False)
    transport = Transport()
    try:
        started = time.perf_counter()
        assert len(_stream_once(transport, server.url)) == 1
        assert time.perf_counter() - started < 2.0  # waited FINISH_TIMEOUT, not the read timeout
        assert server.closed_by_peer.wait(5)  # not put back into the pool half-read
        assert len(_stream_once(transport, server.url)) == 1
        assert server.connections == 2
    finally:
        server.close()


def test_an_abandoned_stream_closes_its_connection():
    server = SseServer()
    transport = Transport()
    try:
        stream = transport.open("POST", server.url, body=b"{}", headers={"Content-Type": "application/json"})
        events = stream.relay(iter_openai_events(stream.lines()))
        next(events)
        events.close()  # the client went away before the end
        assert server.closed_by_peer.wait(5)
        assert len(_stream_once(transport, server.url)) == 1
        assert server.connections == 2
    finally:
        server.close()


class PacedServer:
    """Sends one SSE event, then the next only once the test says the first arrived; chunked or close-delimited."""

    def __init__(self, *, chunked: bool) -> None:
        self.chunked = chunked
        self.go_on = threading.Event()
        self.listener, self.url = _listen()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        conn, _ = self.listener.accept()
        with conn:
            request = b""
            while b"\r\n\r\n" not in request:
                request += conn.recv(65536)
            frame = _chunk if self.chunked else (lambda data: data)
            head = HEAD if self.chunked else HEAD.replace(b"Transfer-Encoding: chunked", b"Connection: close")
            first = b'data: {"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]}\n\n'
            conn.sendall(head + frame(first))
            if not self.go_on.wait(5):
                return  # the reader waited for more than the first event: the stream ends cut
            conn.sendall(frame(EVENT) + frame(b"data: [DONE]\n\n") + (b"0\r\n\r\n" if self.chunked else b""))

    def close(self) -> None:
        self.listener.close()


def test_each_event_is_given_as_it_arrives_chunked_or_not():
    for chunked in (True, False):
        server = PacedServer(chunked=chunked)
        try:
            stream = Transport().open(
                "POST", server.url, body=b"{}", headers={"Content-Type": "application/json"}
            )
            events = stream.relay(iter_openai_events(stream.lines()))
            assert next(events)["choices"][0]["delta"] == {"content": "a"}  # before the server sent the rest
            server.go_on.set()
            assert [e["choices"][0]["finish_reason"] for e in events] == ["stop"]
        finally:
            server.close()
