"""Fill-in-the-middle through the app: `/fim/completions` natively (completions endpoint) and through chat
(a provider without one), plus the dispatch helpers for legacy `/completions` on chat-only providers."""

from __future__ import annotations

import orjson
import pytest

from model_prism.gateway.fim import FILL, call_completions, stream_completions
from model_prism.models import RequestLog
from tests.factories import make_provider, make_tenant
from tests.fakes.anthropic_server import FakeAnthropic

CLAUDE = "claude-haiku-4-5-20251001"
FIM_BODY = {"prompt": "def add(a, b):\n    ", "suffix": "\n\nprint(add(1, 2))", "max_tokens": 32}


@pytest.fixture
def fake_anthropic():
    with FakeAnthropic() as fake:
        yield fake


@pytest.fixture
def chat_only_key(surfaces, fake_anthropic):
    provider = make_provider(
        surfaces, name="Claude", type="anthropic", base_url=fake_anthropic.base_url, api_key="sk-ant-fake"
    )
    _, key = make_tenant(slug="team-c", providers_=[provider])
    return key


def sse_docs(res) -> list[dict]:
    frames = [f for f in res.get_data(as_text=True).split("\n\n") if f.strip()]
    assert frames[-1] == "data: [DONE]"
    return [orjson.loads(f.removeprefix("data: ")) for f in frames[:-1]]


def fim(client, key, slug, **body):
    return client.post(
        f"/api/{slug}/v1/fim/completions",
        json={**FIM_BODY, **body},
        headers={"Authorization": f"Bearer {key}"},
    )


def test_fim_on_a_completions_provider_forwards_prompt_and_suffix(client, tenant_key, tool_fake):
    res = fim(client, tenant_key, "team-a", model="gpt-4o-mini")
    assert res.status_code == 200, res.get_data(as_text=True)
    doc = res.get_json()
    assert doc["object"] == "chat.completion"
    assert doc["choices"][0]["message"]["content"] == "Hello from the fake upstream."
    assert doc["choices"][0]["finish_reason"] == "stop" and doc["cost_info"]["model"] == "gpt-4o-mini"
    sent = tool_fake.requests[-1]
    assert (sent["prompt"], sent["suffix"], sent["max_tokens"]) == (
        FIM_BODY["prompt"],
        FIM_BODY["suffix"],
        32,
    )


def test_fim_stream_through_chat_gives_one_choice_per_chunk_and_usage_last(
    client, chat_only_key, fake_anthropic, flush
):
    res = fim(client, chat_only_key, "team-c", model=CLAUDE, stream=True)
    assert res.status_code == 200, res.get_data(as_text=True)
    docs = sse_docs(res)
    assert all(len(d["choices"]) == 1 and d["object"] == "chat.completion.chunk" for d in docs)
    assert "".join(d["choices"][0]["delta"]["content"] for d in docs) == "Hello from the fake provider."
    last = docs[-1]
    assert last["choices"][0]["finish_reason"] == "stop"
    assert last["usage"]["completion_tokens"] == 7 and last["cost_info"]["model"] == CLAUDE
    wire = orjson.loads(fake_anthropic.seen[-1].body)
    assert wire["messages"][-1]["content"][0]["text"] == FIM_BODY["prompt"] + FILL + FIM_BODY["suffix"]
    assert "gap" in wire["system"]
    flush()
    assert RequestLog.objects.get().status == "success"


def test_fim_json_through_chat(client, chat_only_key):
    doc = fim(client, chat_only_key, "team-c", model=CLAUDE).get_json()
    assert doc["choices"][0]["message"]["content"] == "Hello from the fake provider."
    assert doc["usage"]["prompt_tokens"] == 11


def test_fim_stream_on_the_demo_provider_uses_native_completions(client, surfaces):
    demo = make_provider(surfaces, name="Demo", type="demo", api_key="")
    _, key = make_tenant(slug="team-d", providers_=[demo])
    docs = sse_docs(fim(client, key, "team-d", model="demo-small", stream=True, max_tokens=8))
    text = "".join(d["choices"][0]["delta"]["content"] for d in docs)
    assert text.startswith("This is demo-small") and docs[-1]["usage"]["completion_tokens"] == 8
    assert docs[-1]["choices"][0]["finish_reason"] == "length"


def test_legacy_completions_on_a_chat_only_adapter_go_through_chat(surfaces, fake_anthropic):
    from model_prism.providers.base import ProviderConfig, adapter_for

    config = ProviderConfig(
        id="p",
        slug="claude",
        name="Claude",
        type="anthropic",
        base_url=fake_anthropic.base_url,
        api_key="sk-ant-fake",
    )
    adapter = adapter_for(config, surfaces.gateway.transport)
    assert adapter.supports_completions is False
    doc = call_completions(adapter, {**FIM_BODY, "model": CLAUDE})
    assert doc["object"] == "text_completion" and doc["choices"][0]["text"] == "Hello from the fake provider."
    assert doc["choices"][0]["logprobs"] is None and doc["usage"]["completion_tokens"] == 7
    chunks = list(stream_completions(adapter, {**FIM_BODY, "model": CLAUDE}))
    assert all(c["object"] == "text_completion" for c in chunks)
    assert "".join(c["choices"][0]["text"] for c in chunks if c["choices"]) == "Hello from the fake provider."
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["completion_tokens"] == 7
