"""Gateway behaviour that only a real server process shows: client disconnects free the upstream."""

from __future__ import annotations

import socket
import time

import orjson

from tests.e2e.server import PrismServer, provision
from tests.fakes.openai_server import FakeBehaviour, FakeOpenAI


def test_client_disconnect_mid_stream_closes_the_upstream(tmp_path):
    reply = " ".join(f"w{i}" for i in range(200))
    with FakeOpenAI(FakeBehaviour(reply=reply, chunk_gap=0.05)) as fake, PrismServer(tmp_path) as srv:
        key = provision(srv, fake.base_url)
        body = orjson.dumps(
            {"model": "gpt-4o", "stream": True, "messages": [{"role": "user", "content": "go"}]}
        )
        sock = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        sock.sendall(
            b"POST /api/team-e2e/v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + f"Authorization: Bearer {key}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        received = b""
        while b"data: " not in received:  # headers and the first event may arrive in separate segments
            chunk = sock.recv(4096)
            assert chunk, f"connection closed before the first event: {received!r}"
            received += chunk
        sock.close()
        time.sleep(1.5)
        sent_after_close = fake.chunks_sent
        time.sleep(1.0)
        assert fake.chunks_sent == sent_after_close < 200  # the upstream stopped producing
        assert fake.streams_completed == 0
