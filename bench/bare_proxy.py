"""The floor: a bare Flask + gevent proxy that checks one header and relays bodies through a urllib3 pool.

Run under the gateway's gunicorn worker (gevent, serving through pywsgi; it monkey-patches before this module is
imported), so both answer through the same HTTP server:
    BENCH_UPSTREAM=http://127.0.0.1:18001 BENCH_KEY=sk-bench \
    gunicorn -k model_prism.gunicorn_worker.Worker -w 1 --worker-connections 1000 -b 127.0.0.1:18002 bench.bare_proxy:app
Anything the gateway does beyond this (auth lookup, limits, routing, enrichment, analytics) is its overhead.
"""

from __future__ import annotations

import os

import orjson
import urllib3
from flask import Flask, Response, request

UPSTREAM = os.environ.get("BENCH_UPSTREAM", "http://127.0.0.1:18001").rstrip("/")
EXPECTED_AUTH = "Bearer " + os.environ.get("BENCH_KEY", "sk-bench")
POOL = urllib3.PoolManager(
    num_pools=4,
    maxsize=int(os.environ.get("BENCH_POOL_SIZE", "1000")),
    block=False,
    retries=False,
    timeout=urllib3.Timeout(connect=5.0, read=300.0),
)
UNAUTHORIZED = orjson.dumps({"error": {"message": "API key required", "type": "authentication_error"}})

app = Flask(__name__)


def _relay_stream(upstream: urllib3.BaseHTTPResponse):
    """Give the upstream's body as it arrives; always hands the connection back (or drops it)."""
    try:
        yield from upstream.stream(65536, decode_content=False)
    finally:
        upstream.release_conn()


@app.post("/v1/chat/completions")
def chat_completions() -> Response:
    """Relay a chat completion (JSON or SSE) after checking the Authorization header."""
    if request.headers.get("Authorization") != EXPECTED_AUTH:
        return Response(UNAUTHORIZED, status=401, content_type="application/json")
    body = request.get_data()
    stream = bool(orjson.loads(body).get("stream"))
    upstream = POOL.request(
        "POST",
        UPSTREAM + "/v1/chat/completions",
        body=body,
        headers={"Content-Type": "application/json", "Authorization": "Bearer upstream-key"},
        preload_content=not stream,
        redirect=False,
    )
    if not stream:
        return Response(upstream.data, status=upstream.status, content_type="application/json")
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return Response(
        _relay_stream(upstream), status=upstream.status, content_type="text/event-stream", headers=headers
    )


@app.get("/v1/models")
def models() -> Response:
    """Relay the upstream's model list."""
    if request.headers.get("Authorization") != EXPECTED_AUTH:
        return Response(UNAUTHORIZED, status=401, content_type="application/json")
    upstream = POOL.request("GET", UPSTREAM + "/v1/models")
    return Response(upstream.data, status=upstream.status, content_type="application/json")
