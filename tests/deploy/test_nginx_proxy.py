"""Runs the real nginx with docker/nginx.scaled.conf in front of two loopback backends (control, worker) and checks
where each path goes, that gateway streams are relayed unbuffered, and that /metrics stays private.

Only the upstream addresses (`control:3000`, `worker:3000` → loopback ports) and the listen port are rewritten;
every location block is the shipped one. Skipped when no nginx binary is installed (Debian: nginx-light).
"""

from __future__ import annotations

import http.client
import json
import shutil
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.deploy.paths import DOCKER
from tests.deploy.test_compose import ROUTES

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx-light)")


class Backend(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, name: str):
        super().__init__(("127.0.0.1", 0), Handler)
        self.name = name
        self.release = threading.Event()  # the streaming handler's last chunk waits for it
        self.stream_waited_out = False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep pytest output clean
        pass

    def _reply(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path.endswith("/stream"):
            return self._stream()
        doc = {
            "backend": self.server.name,
            "path": self.path,
            "body": body.decode(),
            "forwardedFor": self.headers.get("X-Forwarded-For"),
            "forwardedProto": self.headers.get("X-Forwarded-Proto"),
        }
        data = json.dumps(doc).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _chunk(self, text: str) -> None:
        data = text.encode()
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self._chunk('data: {"n": 1}\n\n')
        self.server.stream_waited_out = not self.server.release.wait(5)
        self._chunk("data: [DONE]\n\n")
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    do_GET = do_POST = _reply


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_listening(port: int, proc: subprocess.Popen, prefix: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError("nginx exited: " + (prefix / "error.log").read_text())
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("nginx did not start listening")


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    """Give (port, backends) with nginx running the shipped server block in front of both backends."""
    prefix = tmp_path_factory.mktemp("nginx")
    backends = {name: Backend(name) for name in ("control", "worker")}
    for b in backends.values():
        threading.Thread(target=b.serve_forever, daemon=True).start()
    port = _free_port()
    server = (DOCKER / "nginx.scaled.conf").read_text()
    for name, b in backends.items():
        server = server.replace(f"set ${name} {name}:3000;", f"set ${name} 127.0.0.1:{b.server_port};")
    assert server.count("127.0.0.1:") == 2, "upstream lines changed: update this test"
    server = server.replace("listen 80;", f"listen 127.0.0.1:{port};")
    temps = "\n".join(
        f"{k}_temp_path {prefix}/{k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (prefix / "nginx.conf").write_text(
        f"user root;\nworker_processes 1;\ndaemon off;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\n"
        f"events {{ worker_connections 64; }}\nhttp {{\naccess_log off;\n{temps}\n{server}\n}}\n"
    )
    proc = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_listening(port, proc, prefix)
        yield port, backends
    finally:
        proc.terminate()
        proc.wait(10)
        for b in backends.values():
            b.shutdown()
            b.server_close()


def _request(port: int, method: str, path: str, body: bytes | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path, body=body, headers={"Content-Type": "application/json"} if body else {})
    return conn, conn.getresponse()


@pytest.mark.parametrize("uri,upstream", sorted(ROUTES.items()))
def test_each_path_reaches_its_backend_unchanged(proxy, uri, upstream):
    port, _ = proxy
    conn, resp = _request(port, "GET", uri)
    doc = json.loads(resp.read())
    conn.close()
    assert resp.status == 200
    assert (doc["backend"], doc["path"]) == (upstream, uri)
    assert doc["forwardedFor"] == "127.0.0.1" and doc["forwardedProto"] == "http"


def test_gateway_post_bodies_reach_the_worker(proxy):
    port, _ = proxy
    payload = json.dumps({"model": "auto", "messages": [{"role": "user", "content": "hi"}]}).encode()
    conn, resp = _request(port, "POST", "/api/acme/v1/chat/completions", payload)
    doc = json.loads(resp.read())
    conn.close()
    assert doc["backend"] == "worker" and doc["body"] == payload.decode()


def test_gateway_streams_are_relayed_before_the_upstream_finishes(proxy):
    port, backends = proxy
    worker = backends["worker"]
    worker.release.clear()
    conn, resp = _request(port, "POST", "/v1/chat/completions/stream", b"{}")
    try:
        first = resp.read1(65536)  # a buffering proxy would hold this until the release below
        assert first.startswith(b'data: {"n": 1}')
    finally:
        worker.release.set()
    rest = resp.read()
    conn.close()
    assert rest.endswith(b"data: [DONE]\n\n")
    assert not worker.stream_waited_out, "the first event only arrived after the upstream gave up waiting"


def test_metrics_are_not_proxied(proxy):
    port, _ = proxy
    conn, resp = _request(port, "GET", "/metrics")
    resp.read()
    conn.close()
    assert resp.status == 404
