"""Streaming probe: time to first SSE event and gaps between events, at a fixed concurrency (gevent, raw sockets).

Run: python -m bench.stream_probe --url http://127.0.0.1:18001/v1/chat/completions --body-file b.json \
        --header 'Authorization: Bearer k' --concurrency 16 --count 400 --max-seconds 60
Prints one JSON line. Latencies are in microseconds. Only 127.0.0.1 targets are accepted.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from urllib.parse import urlsplit

import gevent
import gevent.socket
import orjson
from gevent.pool import Pool

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench.stats import percentile  # noqa: E402


class StreamClient:
    """One keep-alive connection that sends the same streaming request and times each SSE event."""

    def __init__(self, host: str, port: int, request: bytes) -> None:
        self.address = (host, port)
        self.request = request
        self.sock: gevent.socket.socket | None = None

    def _connect(self) -> gevent.socket.socket:
        if self.sock is None:
            self.sock = gevent.socket.create_connection(self.address, timeout=60)
        return self.sock

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def once(self) -> tuple[int, float, list[float]]:
        """Give (status, first-event time, event arrival times) for one request; times are µs from sending."""
        sock = self._connect()
        start = time.perf_counter()
        sock.sendall(self.request)
        buffer = b""
        while b"\r\n\r\n" not in buffer:
            data = sock.recv(65536)
            if not data:
                raise ConnectionError("closed before headers")
            buffer += data
        head, _, body = buffer.partition(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        lower = head.lower()
        chunked = b"transfer-encoding: chunked" in lower
        length = None
        for line in lower.split(b"\r\n"):
            if line.startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        arrivals: list[float] = []
        seen = 0
        total = body
        while True:
            now = (time.perf_counter() - start) * 1e6
            events = total.count(b"data:")
            arrivals += [now] * (events - seen)
            seen = events
            if (chunked and total.endswith(b"0\r\n\r\n")) or (length is not None and len(total) >= length):
                break
            data = sock.recv(65536)
            if not data:
                self.close()
                break
            total += data
        if not chunked and length is None:
            self.close()
        return status, (arrivals[0] if arrivals else float("nan")), arrivals


def _build_request(url: str, body: bytes, headers: list[str]) -> tuple[str, int, bytes]:
    parts = urlsplit(url)
    if parts.hostname != "127.0.0.1":
        raise SystemExit("stream_probe only targets 127.0.0.1")
    lines = [f"POST {parts.path} HTTP/1.1", f"Host: 127.0.0.1:{parts.port}", "Content-Type: application/json"]
    lines += headers + [f"Content-Length: {len(body)}", "Connection: keep-alive"]
    return parts.hostname, parts.port or 80, ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def _stream_seconds(host: str, port: int, request: bytes) -> float:
    """Give how long one whole stream takes (last event), from one unmeasured request."""
    client = StreamClient(host, port, request)
    try:
        _, _, arrivals = client.once()
    except (OSError, ConnectionError, ValueError, IndexError):
        return 0.0
    finally:
        client.close()
    return arrivals[-1] / 1e6 if arrivals else 0.0


def probe(
    url: str,
    body: bytes,
    headers: list[str],
    concurrency: int,
    count: int,
    max_seconds: float,
    stagger: bool = True,
) -> dict:
    """Give TTFB and inter-event gap percentiles (µs), request and error counts.

    With `stagger`, client i starts i/concurrency of one stream's duration after the first, so requests arrive
    spread out the way independent users' do; started together, the clients stay in lockstep for the whole run
    (every stream lasts as long) and the probe measures the queue of a burst of `concurrency` simultaneous
    requests rather than the gateway's overhead per stream."""
    host, port, request = _build_request(url, body, headers)
    spacing = _stream_seconds(host, port, request) / concurrency if stagger and concurrency > 1 else 0.0
    deadline = time.monotonic() + max_seconds
    per_client = max(1, count // concurrency)
    ttfb: list[float] = []
    gaps: list[float] = []
    errors = {"status": 0, "io": 0, "empty": 0}

    def run_client(offset: float) -> None:
        gevent.sleep(offset)
        client = StreamClient(host, port, request)
        for _ in range(per_client):
            if time.monotonic() > deadline:
                break
            try:
                status, first, arrivals = client.once()
            except (OSError, ConnectionError, ValueError, IndexError):
                errors["io"] += 1
                client.close()
                continue
            if status != 200:
                errors["status"] += 1
            elif len(arrivals) < 2:
                errors["empty"] += 1
            else:
                ttfb.append(first)
                gaps.extend(b - a for a, b in zip(arrivals, arrivals[1:], strict=False))
        client.close()

    started = time.perf_counter()
    pool = Pool(concurrency)
    for i in range(concurrency):
        pool.spawn(run_client, i * spacing)
    pool.join(timeout=max_seconds + 30)
    elapsed = time.perf_counter() - started
    return {
        "requests": len(ttfb),
        "seconds": elapsed,
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "ttfb_p50": percentile(ttfb, 50),
        "ttfb_p90": percentile(ttfb, 90),
        "ttfb_p99": percentile(ttfb, 99),
        "gap_p50": percentile(gaps, 50),
        "gap_p99": percentile(gaps, 99),
        "gap_mean": sum(gaps) / len(gaps) if gaps else float("nan"),
        "stagger_ms": spacing * 1e3,
    }


def main(argv: list[str] | None = None) -> None:
    """Parse flags, run the probe, print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--body-file", required=True)
    parser.add_argument("--header", action="append", default=[])
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--max-seconds", type=float, default=60.0)
    parser.add_argument(
        "--lockstep", action="store_true", help="start all clients at once (a burst) instead of staggered"
    )
    args = parser.parse_args(argv)
    with open(args.body_file, "rb") as handle:
        body = handle.read()
    result = probe(
        args.url, body, args.header, args.concurrency, args.count, args.max_seconds, not args.lockstep
    )
    print("BENCH_JSON " + orjson.dumps(result).decode(), flush=True)


if __name__ == "__main__":
    main()
