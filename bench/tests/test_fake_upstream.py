"""The fake upstream speaks OpenAI's wire format over a real socket: JSON, SSE with usage, models, errors."""

from __future__ import annotations

import http.client
import socket
import time

import orjson

from bench import scenarios


def _post(base: str, body: dict, path: str = "/v1/chat/completions") -> tuple[int, dict, bytes, float]:
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    started = time.perf_counter()
    conn.request("POST", path, body=orjson.dumps(body), headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    data = response.read()
    elapsed = time.perf_counter() - started
    headers = {k.lower(): v for k, v in response.getheaders()}
    conn.close()
    return response.status, headers, data, elapsed


def _events(data: bytes) -> list[bytes]:
    return [line.removeprefix(b"data: ") for line in data.split(b"\n\n") if line.startswith(b"data: ")]


def test_non_streaming_answer_has_usage_and_waits_the_delay(upstream_base):
    status, headers, data, elapsed = _post(upstream_base, scenarios.chat_body("gpt-4o-mini"))
    body = orjson.loads(data)
    assert status == 200 and headers["content-type"] == "application/json"
    assert body["object"] == "chat.completion" and body["model"] == "gpt-4o-mini"
    assert body["usage"]["completion_tokens"] == 5
    assert body["usage"]["total_tokens"] == body["usage"]["prompt_tokens"] + 5
    assert body["usage"]["prompt_tokens"] > 40  # the typical prompt is ~400 characters
    assert elapsed >= 0.020


def test_stream_sends_role_content_finish_usage_and_done(upstream_base):
    status, headers, data, elapsed = _post(upstream_base, scenarios.chat_body("m", stream=True))
    events = _events(data)
    assert status == 200 and headers["content-type"] == "text/event-stream"
    assert events[-1] == b"[DONE]"
    chunks = [orjson.loads(e) for e in events[:-1]]
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert sum(1 for c in chunks if c["choices"] and c["choices"][0]["delta"].get("content")) == 5
    assert chunks[-2]["choices"][0]["finish_reason"] == "stop"
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["completion_tokens"] == 5
    assert elapsed >= 0.020 + 4 * 0.010  # delay, then four gaps between five content chunks


def test_stream_without_include_usage_has_no_usage_chunk(upstream_base):
    body = scenarios.chat_body("m", stream=True)
    del body["stream_options"]
    _, _, data, _ = _post(upstream_base, body)
    chunks = [orjson.loads(e) for e in _events(data)[:-1]]
    assert all("usage" not in c for c in chunks)


def test_models_list_and_unknown_path(upstream_base):
    host, port = upstream_base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", "/v1/models")
    models = orjson.loads(conn.getresponse().read())
    conn.request("GET", "/v1/nothing")
    missing = conn.getresponse()
    assert [m["id"] for m in models["data"]] == ["gpt-4o-mini", "gpt-4o"]
    assert missing.status == 404 and "error" in orjson.loads(missing.read())
    conn.close()


def test_chunked_request_body_and_keep_alive(upstream_base):
    host, port = upstream_base.removeprefix("http://").split(":")
    payload = orjson.dumps(scenarios.chat_body("chunked-model"))
    half = len(payload) // 2
    framed = b"%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n" % (
        half,
        payload[:half],
        len(payload) - half,
        payload[half:],
    )
    head = b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        for _ in range(2):  # the same connection serves a second request
            sock.sendall(head + framed)
            received = b""
            while b"chunked-model" not in received or not received.rstrip().endswith(b"}"):
                received += sock.recv(65536)
            assert received.startswith(b"HTTP/1.1 200 OK")
