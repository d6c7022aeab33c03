"""SSE parsing edge cases and Bedrock request signing."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from model_prism.errors import ProviderError
from model_prism.providers import ProviderConfig
from model_prism.providers.bedrock_auth import signed_headers
from model_prism.providers.sse import iter_openai_events, iter_sse


def test_named_events_with_multiline_data():
    lines = [b"event: a", b"data: 1", b"data: 2", b"", b": comment", b"data: x", b""]
    assert list(iter_sse(lines)) == [("a", b"1\n2"), ("message", b"x")]


def test_openai_stream_without_done_or_finish_is_cut():
    with pytest.raises(ProviderError, match="stream terminated before completion") as err:
        list(iter_openai_events([b'data: {"choices":[{"delta":{"content":"x"}}]}']))
    assert err.value.status == 502


def test_openai_stream_with_finish_but_no_done_is_complete():
    chunks = list(iter_openai_events([b'data: {"choices":[{"delta":{},"finish_reason":"stop"}]}']))
    assert chunks[0]["choices"][0]["finish_reason"] == "stop"


def test_openai_error_event_raises_with_upstream_text():
    with pytest.raises(ProviderError, match="quota exceeded") as err:
        list(iter_openai_events([b'data: {"error": {"message": "quota exceeded", "code": 429}}']))
    assert err.value.upstream_status == 429


def _bedrock(**kw) -> ProviderConfig:
    return ProviderConfig(id="b", slug="b", name="B", type="bedrock", base_url="", **kw)


def test_sigv4_headers():
    config = _bedrock(
        auth_type="aws_credentials",
        credentials=MappingProxyType({"accessKeyId": "AKID", "secretAccessKey": "s", "region": "eu-west-1"}),
    )
    headers = signed_headers(
        config,
        "POST",
        "https://bedrock-runtime.eu-west-1.amazonaws.com/model/x/converse",
        b"{}",
        {"Content-Type": "application/json"},
    )
    assert headers["Authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKID/")
    assert "/eu-west-1/bedrock/aws4_request" in headers["Authorization"] and "X-Amz-Date" in headers


def test_bedrock_api_key_is_a_bearer_token():
    headers = signed_headers(_bedrock(api_key="bedrock-key"), "GET", "https://x", b"", {})
    assert headers == {"Authorization": "Bearer bedrock-key"}
