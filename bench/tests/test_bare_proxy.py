"""The bare proxy checks its header and relays JSON and SSE bodies unchanged."""

from __future__ import annotations

import http.client

import orjson

from bench import scenarios
from bench.targets import BARE_KEY


def _post(url: str, body: dict, key: str | None) -> tuple[int, str, bytes]:
    rest = url.removeprefix("http://")
    hostport, path = rest.split("/", 1)
    host, port = hostport.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    conn.request("POST", "/" + path, body=orjson.dumps(body), headers=headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, response.getheader("Content-Type") or "", data


def test_missing_or_wrong_key_is_401(bare):
    assert _post(bare.chat_url, scenarios.chat_body("m"), None)[0] == 401
    assert _post(bare.chat_url, scenarios.chat_body("m"), "wrong-key")[0] == 401


def test_json_is_relayed(bare):
    status, content_type, data = _post(bare.chat_url, scenarios.chat_body("relay-model"), BARE_KEY)
    body = orjson.loads(data)
    assert status == 200 and content_type.startswith("application/json")
    assert body["model"] == "relay-model" and body["usage"]["completion_tokens"] == 5


def test_stream_is_relayed_to_done(bare):
    status, content_type, data = _post(bare.chat_url, scenarios.chat_body("m", stream=True), BARE_KEY)
    assert status == 200 and content_type.startswith("text/event-stream")
    assert data.count(b"data: ") == 1 + 5 + 1 + 1 + 1  # role, content, finish, usage, [DONE]
    assert data.rstrip().endswith(b"data: [DONE]")
