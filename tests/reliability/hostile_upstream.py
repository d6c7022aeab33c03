"""An OpenAI-compatible upstream on a raw loopback socket that misbehaves on purpose, one mode at a time.

It answers every response with `Connection: close`, so `open_connections` falling back to 0 proves the gateway
let go of the socket (a leaked upstream response would keep it open)."""

from __future__ import annotations

import socket
import threading
import time

import orjson

MODELS = orjson.dumps(
    {"object": "list", "data": [{"id": "gpt-4o", "object": "model", "owned_by": "hostile"}]}
)
CHUNK = {"id": "chatcmpl-h", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o"}


def _sse(delta: dict, finish=None) -> bytes:
    doc = {**CHUNK, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    return b"data: " + orjson.dumps(doc) + b"\n\n"


class HostileUpstream:
    """`with HostileUpstream() as h: h.mode = "cut"`; modes: ok, status-500, status-429, hang, trickle-headers,
    malformed, cut, eof-without-done, slow-stream (one chunk every 0.1 s for 5 s; chunked framing, slow-stream-close: Connection: close framing), refused is a closed port (see `closed_port`)."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.calls = 0
        self.open_connections = 0
        self.chunks_sent = 0
        self._lock = threading.Lock()
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.base_url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self._stop = threading.Event()

    def __enter__(self) -> HostileUpstream:
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._sock.close()

    def settle(self, timeout: float = 5.0) -> int:
        """Give the open connection count once it reaches 0 (or after the timeout)."""
        deadline = time.monotonic() + timeout
        while self.open_connections and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.open_connections

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with self._lock:
            self.open_connections += 1
        try:
            request = self._read_request(conn)
            if request.startswith(b"GET"):
                self._send(conn, 200, MODELS)
            else:
                self.calls += 1
                self._misbehave(conn)
        except OSError:
            pass  # the gateway hung up: exactly what a disconnect test wants to see
        finally:
            conn.close()
            with self._lock:
                self.open_connections -= 1

    def _read_request(self, conn: socket.socket) -> bytes:
        data = b""
        while b"\r\n\r\n" not in data:
            part = conn.recv(65536)
            if not part:
                return data
            data += part
        head, _, body = data.partition(b"\r\n\r\n")
        length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), 0)  # fmt: skip
        while len(body) < length:
            body += conn.recv(65536)
        return head

    def _send(self, conn, status: int, body: bytes, extra: str = "") -> None:
        head = (f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                f"Connection: close\r\n{extra}\r\n")  # fmt: skip
        conn.sendall(head.encode() + body)

    def _wait_for_hangup(self, conn: socket.socket, seconds: float) -> None:
        """Say nothing until the gateway closes the connection (EOF) or `seconds` pass."""
        conn.settimeout(0.05)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not self._stop.is_set():
            try:
                if conn.recv(1024) == b"":
                    return
            except TimeoutError:
                continue

    def _stream_head(self, conn) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n")

    def _misbehave(self, conn: socket.socket) -> None:
        mode = self.mode
        if mode.startswith("status-"):
            status = int(mode.split("-")[1])
            error = orjson.dumps({"error": {"message": f"hostile {status}", "type": "server_error"}})
            self._send(conn, status, error, "Retry-After: 3\r\n" if status == 429 else "")
        elif mode == "hang":
            self._wait_for_hangup(conn, 5)
        elif mode == "trickle-headers":
            for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/event-":
                conn.sendall(bytes([byte]))
                time.sleep(0.05)
            self._wait_for_hangup(conn, 5)
        elif mode == "malformed":
            self._stream_head(conn)
            conn.sendall(_sse({"role": "assistant", "content": "Hel"}) + b"data: {not json at all\n\n")
            conn.sendall(b"data: " + b"\xff\xfe" * 10 + b"\n\n" + _sse({}, "stop") + b"data: [DONE]\n\n")
        elif mode == "cut":  # chunked framing broken off inside a chunk: an unambiguous cut
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
            )
            for piece in (_sse({"role": "assistant", "content": "Hel"}), _sse({"content": "lo"})):
                conn.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
            conn.sendall(b'400\r\ndata: {"id"')
            time.sleep(0.05)
            conn.shutdown(socket.SHUT_RDWR)
        elif (
            mode == "eof-without-done"
        ):  # Connection: close framing, the body just stops: no finish, no [DONE]
            self._stream_head(conn)
            conn.sendall(_sse({"role": "assistant", "content": "Hel"}) + _sse({"content": "lo"}))
            conn.shutdown(socket.SHUT_RDWR)
        elif mode in ("slow-stream", "slow-stream-close"):
            chunked = mode == "slow-stream"
            if chunked:
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                )
            else:
                self._stream_head(conn)

            def send(piece: bytes) -> None:
                conn.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)

            send(_sse({"role": "assistant", "content": ""}))
            for i in range(50):
                time.sleep(0.1)
                send(_sse({"content": f"w{i} "}))
                self.chunks_sent += 1
            send(_sse({}, "stop") + b"data: [DONE]\n\n")
            if chunked:
                conn.sendall(b"0\r\n\r\n")
        else:
            body = {**CHUNK, "object": "chat.completion",
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4}}  # fmt: skip
            self._send(conn, 200, orjson.dumps(body))


def closed_port() -> str:
    """Give a loopback URL nobody listens on (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"
