"""A fast fake OpenAI-compatible upstream: raw HTTP/1.1 keep-alive on gevent, fixed delay, SSE streams.

Run: python -m bench.fake_upstream --port 18001 --delay-ms 20 --chunks 20 --chunk-gap-ms 5
Serves POST /v1/chat/completions (JSON or SSE), GET /v1/models and GET /stats (request counters).
Hand-rolled HTTP instead of a WSGI stack so that the fake stays far from being the bottleneck.
"""

from __future__ import annotations

import argparse
import itertools
import os
import signal
import socket
import sys
from dataclasses import dataclass

import gevent
import gevent.socket
import orjson
from gevent.server import StreamServer

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench import fake_payloads as payloads  # noqa: E402
from bench.http_wire import HttpRequest, read_request  # noqa: E402


@dataclass(frozen=True)
class UpstreamConfig:
    """Behaviour of the fake: delay before the answer, stream shape, models listed."""

    delay_s: float = 0.020
    chunk_gap_s: float = 0.005
    shape: payloads.ReplyShape = payloads.ReplyShape()
    models: tuple[str, ...] = ("gpt-4o-mini", "gpt-4o")


COUNTERS = {"chat": 0, "stream": 0, "models": 0, "other": 0}
_serial = itertools.count(1)


def _head(status: str, content_type: str, length: int | None, keep_alive: bool) -> bytes:
    lines = [f"HTTP/1.1 {status}", f"Content-Type: {content_type}"]
    lines.append(f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked")
    if content_type == "text/event-stream":
        lines.append("Cache-Control: no-cache")
    lines.append("Connection: keep-alive" if keep_alive else "Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _send_json(sock: socket.socket, status: str, body: bytes, keep_alive: bool) -> None:
    sock.sendall(_head(status, "application/json", len(body), keep_alive) + body)


def _stream(sock: socket.socket, request: dict, config: UpstreamConfig, keep_alive: bool) -> None:
    events = payloads.stream_events(request, config.shape, next(_serial))
    gevent.sleep(config.delay_s)
    sock.sendall(
        _head("200 OK", "text/event-stream", None, keep_alive) + b"%x\r\n%s\r\n" % (len(events[0]), events[0])
    )
    for index, event in enumerate(events[1:]):
        if 0 < index < config.shape.chunks and config.chunk_gap_s > 0:
            gevent.sleep(config.chunk_gap_s)
        sock.sendall(b"%x\r\n%s\r\n" % (len(event), event))
    sock.sendall(b"0\r\n\r\n")


def _chat(sock: socket.socket, req: HttpRequest, config: UpstreamConfig) -> None:
    try:
        request = orjson.loads(req.body)
    except orjson.JSONDecodeError:
        _send_json(sock, "400 Bad Request", payloads.error_body("invalid JSON body"), req.keep_alive)
        return
    if request.get("stream"):
        COUNTERS["stream"] += 1
        _stream(sock, request, config, req.keep_alive)
        return
    COUNTERS["chat"] += 1
    gevent.sleep(config.delay_s)
    _send_json(sock, "200 OK", payloads.completion_body(request, config.shape, next(_serial)), req.keep_alive)


def _dispatch(sock: socket.socket, req: HttpRequest, config: UpstreamConfig) -> None:
    path = req.path.split("?", 1)[0].rstrip("/")
    if req.method == "POST" and path.endswith("/chat/completions"):
        _chat(sock, req, config)
    elif req.method == "GET" and path.endswith("/models"):
        COUNTERS["models"] += 1
        _send_json(sock, "200 OK", payloads.models_body(list(config.models)), req.keep_alive)
    elif req.method == "GET" and path == "/stats":
        _send_json(sock, "200 OK", orjson.dumps({**COUNTERS, "pid": os.getpid()}), req.keep_alive)
    else:
        COUNTERS["other"] += 1
        _send_json(
            sock, "404 Not Found", payloads.error_body(f"no route {req.method} {path}"), req.keep_alive
        )


def make_handler(config: UpstreamConfig):
    """Give the per-connection handler: serves keep-alive requests until the peer closes."""

    def handle(sock: socket.socket, _address: tuple) -> None:
        buffer = bytearray()
        try:
            # A provider streams each token as it is made; with Nagle on, a chunk waits for the ACK of the one
            # before (the client delays it up to 40 ms) and events arrive in bursts no real provider sends.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            for _ in range(10_000_000):  # bounded: one iteration per request on this connection
                req = read_request(sock, buffer)
                if req is None:
                    return
                _dispatch(sock, req, config)
                if not req.keep_alive:
                    return
        except (ConnectionError, OSError, ValueError):
            return
        finally:
            sock.close()

    return handle


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=18001)
    parser.add_argument(
        "--delay-ms", type=float, default=20.0, help="delay before every answer (and first chunk)"
    )
    parser.add_argument("--chunks", type=int, default=20, help="content chunks per streamed answer")
    parser.add_argument("--chunk-gap-ms", type=float, default=5.0, help="gap between streamed content chunks")
    parser.add_argument(
        "--models", default="gpt-4o-mini,gpt-4o", help="comma-separated ids for GET /v1/models"
    )
    parser.add_argument("--procs", type=int, default=1, help="processes sharing the listening socket")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Serve on 127.0.0.1 until SIGTERM/SIGINT."""
    args = _parse_args(argv)
    config = UpstreamConfig(
        delay_s=args.delay_ms / 1000,
        chunk_gap_s=args.chunk_gap_ms / 1000,
        shape=payloads.ReplyShape(chunks=args.chunks),
        models=tuple(m for m in args.models.split(",") if m),
    )
    listener = gevent.socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
    listener.listen(2048)
    children: list[int] = []
    for _ in range(max(0, args.procs - 1)):
        pid = gevent.fork()
        if pid == 0:  # a forked child serves and manages no siblings
            children = []
            break
        children.append(pid)
    server = StreamServer(listener, make_handler(config))
    gevent.signal_handler(signal.SIGTERM, server.stop, 0.5)
    gevent.signal_handler(signal.SIGINT, server.stop, 0.5)
    print(f"fake upstream pid {os.getpid()} on 127.0.0.1:{args.port}", flush=True)
    try:
        server.serve_forever()
    finally:
        for pid in children:
            os.kill(pid, signal.SIGTERM)


if __name__ == "__main__":
    main()
