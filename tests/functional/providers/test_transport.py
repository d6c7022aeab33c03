"""The transport on real sockets: proxy honoured, redirects not followed, size cap, early close frees the upstream."""

from __future__ import annotations

import base64
import threading
import time
from types import MappingProxyType

import orjson
import pytest
from werkzeug.wrappers import Request, Response

from model_prism.errors import ProviderError
from model_prism.providers import ProviderConfig, adapter_for
from model_prism.providers import transport as transport_module
from model_prism.providers.transport import Transport
from tests.fakes.loopback import LoopbackServer


class ModelsEverywhere(LoopbackServer):
    """Answers every request with a one-model OpenAI list (good enough to play a forward proxy)."""

    def app(self, request: Request) -> Response:
        return Response(orjson.dumps({"data": [{"id": "via-proxy"}]}), 200, content_type="application/json")


class Redirecting(LoopbackServer):
    def app(self, request: Request) -> Response:
        return Response("", 302, headers={"Location": "http://127.0.0.1:9/elsewhere"})


class Huge(LoopbackServer):
    def app(self, request: Request) -> Response:
        return Response(b"x" * 5000, 200, content_type="application/json")


class EndlessStream(LoopbackServer):
    def __init__(self) -> None:
        super().__init__()
        self.closed = threading.Event()

    def app(self, request: Request) -> Response:
        def events():
            try:
                n = 0
                while True:
                    n += 1
                    chunk = {
                        "object": "chat.completion.chunk",
                        "choices": [{"index": 0, "delta": {"content": f"w{n} "}}],
                    }
                    yield b"data: " + orjson.dumps(chunk) + b"\n\n"
                    time.sleep(0.05)
            finally:
                self.closed.set()

        return Response(events(), 200, content_type="text/event-stream")


def _config(base_url: str, **options) -> ProviderConfig:
    return ProviderConfig(
        id="t", slug="t", name="T", type="openai", base_url=base_url, options=MappingProxyType(options)
    )


def test_http_proxy_is_used():
    with ModelsEverywhere() as proxy:
        config = _config("http://upstream.invalid:9", httpProxy=proxy.base_url, apiPath="/v1")
        models = adapter_for(config, Transport()).list_models()
    assert [m["id"] for m in models] == ["via-proxy"]
    assert proxy.seen[0].headers.get("Host") == "upstream.invalid:9"
    assert proxy.seen[0].path == "/v1/models"


def test_proxy_credentials_become_a_proxy_authorization_header():
    with ModelsEverywhere() as proxy:
        url = proxy.base_url.replace("http://", "http://corp%5Cuser:p%40ss@")
        adapter_for(
            _config("http://upstream.invalid:9", httpProxy=url, apiPath="/v1"), Transport()
        ).list_models()
    expected = "Basic " + base64.b64encode(b"corp\\user:p@ss").decode()
    assert proxy.seen[0].headers.get("Proxy-Authorization") == expected


def test_redirects_are_not_followed():
    with Redirecting() as fake, pytest.raises(ProviderError) as err:
        adapter_for(_config(fake.base_url, apiPath="/v1"), Transport()).list_models()
    assert "HTTP 302" in err.value.message
    assert len(fake.seen) == 1


def test_response_size_is_capped(monkeypatch):
    monkeypatch.setattr(transport_module, "MAX_RESPONSE_BYTES", 1000)
    with Huge() as fake, pytest.raises(ProviderError, match="too large"):
        Transport().request("GET", fake.base_url + "/big")


class NoNewline(LoopbackServer):
    def app(self, request: Request) -> Response:
        return Response((b"x" * 4096 for _ in range(64)), 200, content_type="text/event-stream")


def test_stream_line_length_is_capped(monkeypatch):
    monkeypatch.setattr(transport_module, "MAX_LINE_BYTES", 10_000)
    with NoNewline() as fake:
        stream = Transport().open("GET", fake.base_url + "/sse")
        with pytest.raises(ProviderError, match="line too long"):
            list(stream.lines())
        stream.close()


def test_closing_a_stream_early_frees_the_upstream():
    with EndlessStream() as fake:
        adapter = adapter_for(_config(fake.base_url), Transport())
        stream = adapter.chat_stream({"model": "m", "messages": [{"role": "user", "content": "hi"}]})
        first = [next(stream), next(stream)]
        stream.close()  # what the gateway's finally does when the client disconnects
        assert fake.closed.wait(5), "the upstream generator kept running after the client went away"
    assert first[0]["choices"][0]["delta"]["content"] == "w1 "
