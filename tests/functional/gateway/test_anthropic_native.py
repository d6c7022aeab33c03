"""Anthropic in, Anthropic out: a Claude name resolved by the registry's normal form, cache_control and thinking
kept on the wire to a native Anthropic provider (a fake on a loopback socket)."""

from __future__ import annotations

import orjson
import pytest

from tests.factories import make_provider, make_tenant
from tests.fakes.anthropic_server import FakeAnthropic


@pytest.fixture
def fake_anthropic():
    models = ["claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001", "case-usage"]
    with FakeAnthropic(models=models) as fake:
        yield fake


@pytest.fixture
def claude_key(surfaces, fake_anthropic):
    provider = make_provider(
        surfaces, name="Claude", type="anthropic", base_url=fake_anthropic.base_url, api_key="sk-ant-fake"
    )
    _, key = make_tenant(slug="claude-team", providers_=[provider])
    return key


def test_claude_name_without_date_finds_the_dated_model_and_keeps_cache_control(
    client, claude_key, fake_anthropic
):
    body = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 2048,
        "system": [{"type": "text", "text": "You are Claude Code.", "cache_control": {"type": "ephemeral"}}],
        "messages": [
            {
                "role": "user",
                "content": [
                    {
                        "type": "text",
                        "text": "<file>long context</file>",
                        "cache_control": {"type": "ephemeral"},
                    },
                    {"type": "text", "text": "hi"},
                ],
            }
        ],
        "thinking": {"type": "enabled", "budget_tokens": 1024},
    }
    res = client.post(
        "/api/claude-team/v1/messages",
        json=body,
        headers={"Authorization": f"Bearer {claude_key}", "anthropic-beta": "prompt-caching-2024-07-31"},
    )
    assert res.status_code == 200, res.get_data(as_text=True)
    doc = res.get_json()
    assert doc["model"] == "claude-sonnet-4-5-20250929"
    assert doc["content"] == [{"type": "text", "text": "Hello from the fake provider."}]
    assert doc["usage"] == {
        "input_tokens": 11,
        "output_tokens": 7,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 0,
    }
    wire = orjson.loads(fake_anthropic.seen[-1].body)
    assert wire["model"] == "claude-sonnet-4-5-20250929"
    assert wire["thinking"] == {"type": "enabled", "budget_tokens": 1024}
    assert {"type": "text", "text": "You are Claude Code.", "cache_control": {"type": "ephemeral"}} in wire[
        "system"
    ]
    assert wire["messages"][0]["content"][0]["cache_control"] == {"type": "ephemeral"}, wire


def test_cache_reads_and_writes_come_back_in_anthropic_terms(client, claude_key):
    res = client.post(
        "/api/claude-team/v1/messages",
        json={"model": "case-usage", "max_tokens": 50, "messages": [{"role": "user", "content": "hi"}]},
        headers={"x-api-key": claude_key},
    )
    assert res.status_code == 200, res.get_data(as_text=True)
    usage, info = res.get_json()["usage"], res.get_json()["cost_info"]
    assert usage == {
        "input_tokens": 5,
        "output_tokens": 7,
        "cache_creation_input_tokens": 20,
        "cache_read_input_tokens": 100,
    }
    assert (info["input_tokens"], info["cached_input_tokens"]) == (125, 100)


def test_unknown_model_is_refused_in_anthropic_shape(client, claude_key):
    res = client.post(
        "/api/claude-team/v1/messages",
        json={
            "model": "claude-nonexistent-9",
            "max_tokens": 5,
            "messages": [{"role": "user", "content": "hi"}],
        },
        headers={"x-api-key": claude_key},
    )
    assert res.status_code == 400
    assert res.get_json()["type"] == "error" and res.get_json()["error"]["type"] == "invalid_request_error"


def test_streamed_through_native_anthropic(client, claude_key):
    res = client.post(
        "/api/claude-team/v1/messages",
        json={
            "model": "claude-haiku-4-5-20251001",
            "max_tokens": 50,
            "stream": True,
            "messages": [{"role": "user", "content": "hi"}],
        },
        headers={"x-api-key": claude_key},
    )
    frames = [f for f in res.get_data(as_text=True).split("\n\n") if f]
    docs = [orjson.loads(f.split("\ndata: ", 1)[1]) for f in frames]
    text = "".join(d["delta"].get("text", "") for d in docs if d["type"] == "content_block_delta")
    assert text == "Hello from the fake provider."
    assert docs[-2]["type"] == "message_delta" and docs[-2]["usage"]["output_tokens"] == 7
    assert docs[-1] == {"type": "message_stop"}
