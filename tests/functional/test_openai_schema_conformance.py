"""Every response on the OpenAI surface validates against OpenAI's OpenAPI document, whatever provider answered.

Each provider type is registered like an admin would (sealed key, models on the provider) and pointed at the fake
server of its wire format; the requests go through the whole gateway."""

from __future__ import annotations

import contextlib

import orjson
import pytest

from model_prism.models import DiscoveredModel
from model_prism.providers.conformance.cases import IMAGE_B64
from model_prism.services import providers as provider_service
from tests.factories import make_tenant
from tests.fakes.anthropic_server import FakeAnthropic
from tests.fakes.azure_server import FakeAzure
from tests.fakes.bedrock_server import ACCESS_KEY, REGION, SECRET_KEY, FakeBedrock
from tests.fakes.ollama_server import FakeOllama
from tests.fakes.openai_wire import FakeOpenAIWire
from tests.openai_schema import assert_valid, spec_path

pytestmark = pytest.mark.skipif(spec_path() is None, reason="OpenAI OpenAPI document not available")

CASES = (
    "case-plain",
    "case-tools",
    "case-json",
    "case-images",
    "case-error-400",
    "case-error-429",
    "case-error-500",
)


def _demo():
    return contextlib.nullcontext(None)


PROVIDERS = {
    "openai": (
        FakeOpenAIWire,
        lambda s: {"baseUrl": s.base_url, "auth": {"type": "api_key", "apiKey": "sk-fake"}},
    ),
    "ollama": (FakeOllama, lambda s: {"baseUrl": s.base_url, "auth": {"type": "none"}}),
    "azure": (
        FakeAzure,
        lambda s: {"baseUrl": s.base_url, "auth": {"type": "api_key", "apiKey": "azure-fake-key"}},
    ),
    "anthropic": (
        FakeAnthropic,
        lambda s: {"baseUrl": s.base_url, "auth": {"type": "api_key", "apiKey": "sk-ant-fake"}},
    ),
    "bedrock": (
        FakeBedrock,
        lambda s: {
            "baseUrl": s.base_url,
            "auth": {
                "type": "aws_credentials",
                "accessKeyId": ACCESS_KEY,
                "secretAccessKey": SECRET_KEY,
                "region": REGION,
            },
        },
    ),
    "demo": (_demo, lambda s: {"baseUrl": "", "auth": {"type": "none"}}),
}


@pytest.fixture(params=sorted(PROVIDERS))
def served(request, state):
    ptype = request.param
    factory, config = PROVIDERS[ptype]
    with factory() as server:
        provider = provider_service.create_provider(name=f"Fake {ptype}", type=ptype, config=config(server))
        ids = ("demo-small",) if ptype == "demo" else CASES
        provider.discoveredModels = [
            DiscoveredModel(id=i, tier="low", inputPer1M=1.0, outputPer1M=2.0) for i in ids
        ]
        provider.save()
        provider_service.propagation.bump("providers")
        _, key = make_tenant(providers_=[provider], routing={"enabled": True})
        yield ptype, {"Authorization": f"Bearer {key}"}


def _chat(client, headers, model, **extra):
    body = {"model": model, "messages": [{"role": "user", "content": "Describe the picture."}], **extra}
    if model == "case-images":
        body["messages"][0]["content"] = [
            {"type": "text", "text": "Describe the picture."},
            {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{IMAGE_B64}"}},
        ]
    if model == "case-tools":
        body["tools"] = [
            {
                "type": "function",
                "function": {
                    "name": "get_weather",
                    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
                },
            }
        ]
    if model == "case-json":
        body["response_format"] = {"type": "json_object"}
    return client.post("/api/team-a/v1/chat/completions", json=body, headers=headers)


def _frames(res) -> list[dict]:
    lines = [line[6:] for line in res.get_data(as_text=True).split("\n") if line.startswith("data: ")]
    assert lines[-1] == "[DONE]"
    return [orjson.loads(x) for x in lines[:-1]]


def test_chat_stream_and_errors_match_openai_schemas(client, served):
    ptype, headers = served
    models = ("demo-small",) if ptype == "demo" else ("case-plain", "case-tools", "case-json", "case-images")
    for model in models:
        res = _chat(client, headers, model)
        assert res.status_code == 200, (ptype, model, res.get_json())
        assert_valid("CreateChatCompletionResponse", res.get_json())
        streamed = _chat(client, headers, model, stream=True, stream_options={"include_usage": True})
        assert streamed.status_code == 200, (ptype, model, streamed.get_data(as_text=True)[:500])
        for chunk in _frames(streamed):
            assert "error" not in chunk, (ptype, model, chunk)
            assert_valid("CreateChatCompletionStreamResponse", chunk)
    if ptype != "demo":
        for model in ("case-error-400", "case-error-429", "case-error-500"):
            res = _chat(client, headers, model)
            assert res.status_code in (400, 429, 502), (ptype, model, res.status_code)
            assert_valid("ErrorResponse", res.get_json())
    listing = client.get("/api/team-a/v1/models", headers=headers).get_json()
    assert_valid("ListModelsResponse", listing)


def test_gateway_errors_match_the_error_schema(client, served):
    _, headers = served
    for res in (
        client.post("/api/team-a/v1/chat/completions", data=b"{", headers=headers),
        client.post(
            "/api/team-a/v1/chat/completions",
            json={"model": "nope", "messages": [{"role": "user", "content": "x"}]},
            headers=headers,
        ),
        client.post("/api/team-a/v1/chat/completions", json={}, headers={"Authorization": "Bearer wrong"}),
    ):
        assert res.status_code in (400, 401)
        assert_valid("ErrorResponse", res.get_json())


@pytest.mark.parametrize("ptype", ["openai", "demo"])
def test_completions_and_embeddings_match_openai_schemas(client, state, fake_openai, ptype):
    from tests.factories import make_provider

    provider = make_provider(state, name=f"P {ptype}", type=ptype, base_url=fake_openai.base_url)
    _, key = make_tenant(slug="emb", providers_=[provider])
    headers = {"Authorization": f"Bearer {key}"}
    model = "gpt-4o-mini" if ptype == "openai" else "demo-small"
    done = client.post(
        "/api/emb/v1/completions",
        json={"model": model, "prompt": "def f(x):", "suffix": "return y"},
        headers=headers,
    )
    assert done.status_code == 200, done.get_json()
    assert_valid("CreateCompletionResponse", done.get_json())
    emb_model = "text-embedding-3-small" if ptype == "openai" else "demo-embed"
    emb = client.post(
        "/api/emb/v1/embeddings", json={"model": emb_model, "input": ["a", "b"]}, headers=headers
    )
    assert emb.status_code == 200, emb.get_json()
    assert_valid("CreateEmbeddingResponse", emb.get_json())
