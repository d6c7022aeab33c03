"""Model discovery from each provider's list endpoint, merged with the registry."""

from __future__ import annotations

from types import MappingProxyType

from model_prism.providers import ProviderConfig, adapter_for
from model_prism.providers.discovery import enriched_count, merge_discovered
from model_prism.providers.transport import Transport
from tests.fakes.anthropic_server import FakeAnthropic
from tests.fakes.bedrock_server import ACCESS_KEY, REGION, SECRET_KEY, FakeBedrock
from tests.fakes.ollama_server import FakeOllama
from tests.fakes.openai_wire import FakeOpenAIWire


def _config(
    type_: str,
    base_url: str,
    key: str = "",
    name: str = "P",
    auth: str = "api_key",
    credentials=None,
    **options,
):
    return ProviderConfig(
        id="d",
        slug="d",
        name=name,
        type=type_,
        base_url=base_url,
        api_key=key,
        auth_type=auth,
        options=MappingProxyType(options),
        credentials=MappingProxyType(credentials or {}),
    )


def test_anthropic_listing_follows_pagination_and_gets_registry_data():
    with FakeAnthropic() as fake:
        reported = adapter_for(
            _config("anthropic", fake.base_url, key="sk-ant-fake"), Transport()
        ).list_models()
    assert [m["id"] for m in reported] == [
        "claude-sonnet-4-5-20250929",
        "claude-haiku-4-5-20251001",
        "claude-opus-4-6",
    ]
    assert sum(1 for s in fake.seen if s.path == "/v1/models") == 2
    merged = merge_discovered([], reported, "anthropic", "Anthropic")
    haiku = merged[1]
    assert (haiku["tier"], haiku["inputPer1M"], haiku["outputPer1M"]) == (
        "low",
        1,
        5,
    )  # anthropic price table
    assert haiku["contextWindow"] == 200_000 and haiku["contextSource"] == "registry"
    assert enriched_count(merged) == 3


def test_bedrock_listing_filters_and_adds_inference_profiles():
    creds = {"accessKeyId": ACCESS_KEY, "secretAccessKey": SECRET_KEY, "region": REGION}
    with FakeBedrock() as fake:
        config = _config("bedrock", fake.base_url, auth="aws_credentials", credentials=creds)
        reported = adapter_for(config, Transport()).list_models()
    ids = [m["id"] for m in reported]
    assert ids == [
        "anthropic.claude-3-haiku-20240307-v1:0",
        "amazon.nova-pro-v1:0",
        "eu.anthropic.claude-sonnet-4-20250514-v1:0",
        "us.amazon.nova-lite-v1:0",
    ]
    profile_calls = [s.query for s in fake.seen if s.path == "/inference-profiles"]
    assert profile_calls == [
        {"type": "SYSTEM_DEFINED", "maxResults": "1000"},
        {"type": "SYSTEM_DEFINED", "maxResults": "1000", "nextToken": "page-2"},
    ]
    merged = merge_discovered([], reported, "bedrock", "AWS EU")
    assert merged[2]["tier"] == "high" and merged[2]["inputPer1M"] == 3


def test_ollama_native_tags_give_context_length():
    with FakeOllama() as fake:
        reported = adapter_for(_config("ollama", fake.base_url), Transport()).list_models()
    assert reported[1] == {
        "id": "llama3.1:8b",
        "name": "llama3.1:8b",
        "ownedBy": "ollama",
        "capabilities": ["chat"],
        "contextWindow": 131072,
    }
    merged = merge_discovered([], reported, "ollama", "Local")
    assert merged[1]["contextWindow"] == 131072 and merged[1]["contextSource"] == "provider"
    assert merged[0]["tier"] is None and merged[0]["priority"] == 50


def test_openai_probe_sets_effective_path_and_rediscovery_keeps_admin_edits():
    with FakeOpenAIWire(api_path="/api/v1", models=["gpt-4o", "gpt-4o-mini"]) as fake:
        adapter = adapter_for(_config("openai", fake.base_url, key="sk-fake"), Transport())
        first = adapter.list_models()
        assert adapter.effective_path == "/api/v1"
        stored = merge_discovered([], first, "openai", "OpenAI")
        stored[0].update(inputPer1M=1.0, outputPer1M=2.0, manualPricing=True, notes="negotiated", tier="high")
        fake.models = ["gpt-4o"]
        again = merge_discovered(stored, adapter.list_models(), "openai", "OpenAI")
    assert again[0]["inputPer1M"] == 1.0 and again[0]["tier"] == "high" and again[0]["notes"] == "negotiated"
    assert again[1]["id"] == "gpt-4o-mini" and again[1]["stale"] is True and again[1]["visible"] is False
