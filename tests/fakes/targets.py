"""The conformance targets: every adapter type wired to the fake server of its wire format."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import MappingProxyType

from model_prism.providers import ProviderConfig, adapter_for
from model_prism.providers.conformance import Profile, Target
from model_prism.providers.transport import Transport

from .anthropic_server import FakeAnthropic
from .azure_server import FakeAzure
from .bedrock_server import ACCESS_KEY, API_KEY, REGION, SECRET_KEY, FakeBedrock
from .loopback import LoopbackServer
from .ollama_server import FakeOllama
from .openai_wire import FakeOpenAIWire
from .openrouter_headers import OPENROUTER_HEADERS

NO_UPSTREAM = "the built-in demo provider has no upstream, so there is nothing to translate or fail"


def _config(
    type_: str, base_url: str, *, key: str = "", auth: str = "api_key", options=None, credentials=None
) -> ProviderConfig:
    return ProviderConfig(
        id=f"conf-{type_}",
        slug=f"conf-{type_}",
        name=f"Conformance {type_}",
        type=type_,
        base_url=base_url,
        api_key=key,
        auth_type=auth,
        options=MappingProxyType(dict(options or {})),
        credentials=MappingProxyType(dict(credentials or {})),
    )


def _served(server_factory, config_factory):
    @contextlib.contextmanager
    def open_() -> Iterator:
        with server_factory() as server:
            yield adapter_for(config_factory(server), Transport(pool_maxsize=4))

    return open_


def _demo():
    @contextlib.contextmanager
    def open_() -> Iterator:
        yield adapter_for(_config("demo", ""), Transport(pool_maxsize=1))

    return open_


def all_targets() -> list[Target]:
    """Give one target per adapter type and mode, each with its own fake server."""
    aws = {"accessKeyId": ACCESS_KEY, "secretAccessKey": SECRET_KEY, "region": REGION}
    targets = [
        Target("openai", _served(FakeOpenAIWire, lambda s: _config("openai", s.base_url, key="sk-fake"))),
        Target("vllm", _served(FakeOpenAIWire, lambda s: _config("vllm", s.base_url, key="sk-fake"))),
        Target(
            "custom",
            _served(
                lambda: FakeOpenAIWire(api_path="/api/v1"),
                lambda s: _config("custom", s.base_url, key="sk-fake", options={"apiPath": "/api/v1"}),
            ),
        ),
        Target(
            "openrouter",
            _served(
                lambda: FakeOpenAIWire(api_path="/api/v1", required_headers=OPENROUTER_HEADERS),
                lambda s: _config("openrouter", s.base_url, key="sk-fake", options={"apiPath": "/api/v1"}),
            ),
        ),
        Target("ollama", _served(FakeOllama, lambda s: _config("ollama", s.base_url))),
        Target(
            "ollama-native",
            _served(FakeOllama, lambda s: _config("ollama", s.base_url, options={"nativeApi": True})),
            profile=Profile(cache_fields=False, tool_ids=False),
        ),
        Target("azure", _served(FakeAzure, lambda s: _config("azure", s.base_url, key="azure-fake-key"))),
        Target(
            "azure-responses",
            _served(
                FakeAzure,
                lambda s: _config(
                    "azure", s.base_url, key="azure-fake-key", options={"responsesModels": "case-"}
                ),
            ),
        ),
        Target(
            "anthropic", _served(FakeAnthropic, lambda s: _config("anthropic", s.base_url, key="sk-ant-fake"))
        ),
        Target(
            "bedrock-sigv4",
            _served(
                FakeBedrock, lambda s: _config("bedrock", s.base_url, auth="aws_credentials", credentials=aws)
            ),
        ),
        Target(
            "bedrock-apikey",
            _served(
                FakeBedrock,
                lambda s: _config("bedrock", s.base_url, key=API_KEY, credentials={"region": REGION}),
            ),
        ),
    ]
    demo_na = {
        c: NO_UPSTREAM
        for c in (
            "tools",
            "stream-tools",
            "images",
            "error-400",
            "error-401",
            "error-429",
            "error-500",
            "malformed",
            "cut",
        )
    }
    targets.append(Target("demo", _demo(), profile=Profile(canonical=False), not_applicable=demo_na))
    return targets


CASE_MODELS = ["case-plain", "case-stream", "case-tools", "case-stream-tools", "case-json", "case-error-429"]


@dataclass(frozen=True)
class GatewaySpec:
    """One fake provider for gateway end-to-end runs: the server to start and the admin-API body registering it.

    The fake lists CASE_MODELS, so discovery finds them; a chat for `case-stream` through the gateway must
    stream the canonical text (`TEXT` in model_prism.providers.conformance.cases) whatever the wire format.
    """

    label: str
    server: Callable[[], LoopbackServer]
    provider: Callable[[LoopbackServer], dict]


def _body(name: str, type_: str, base_url: str, auth: dict, options: dict | None = None) -> dict:
    return {
        "name": name,
        "type": type_,
        "config": {"baseUrl": base_url, "auth": auth, "options": options or {}},
    }


def gateway_specs() -> list[GatewaySpec]:
    """Give one spec per wire format (OpenAI, OpenRouter, Ollama native, Azure, Azure Responses, Anthropic, Bedrock)."""
    key = {"type": "api_key", "apiKey": "sk-fake"}
    aws = {
        "type": "aws_credentials",
        "accessKeyId": ACCESS_KEY,
        "secretAccessKey": SECRET_KEY,
        "region": REGION,
    }
    names = "\n".join(CASE_MODELS)
    return [
        GatewaySpec(
            "openai",
            lambda: FakeOpenAIWire(models=CASE_MODELS),
            lambda s: _body("Fake OpenAI", "openai", s.base_url, key),
        ),
        GatewaySpec(
            "openrouter",
            lambda: FakeOpenAIWire(
                api_path="/api/v1", required_headers=OPENROUTER_HEADERS, models=CASE_MODELS
            ),
            lambda s: _body("Fake OpenRouter", "openrouter", s.base_url, key),
        ),
        GatewaySpec(
            "ollama-native",
            lambda: FakeOllama(extra_models=CASE_MODELS),
            lambda s: _body("Fake Ollama", "ollama", s.base_url, {"type": "none"}, {"nativeApi": True}),
        ),
        GatewaySpec(
            "azure",
            FakeAzure,
            lambda s: _body(
                "Fake Azure",
                "azure",
                s.base_url,
                {"type": "api_key", "apiKey": "azure-fake-key"},
                {"deployments": names},
            ),
        ),
        GatewaySpec(
            "azure-responses",
            FakeAzure,
            lambda s: _body(
                "Fake Azure Responses",
                "azure",
                s.base_url,
                {"type": "api_key", "apiKey": "azure-fake-key"},
                {"responsesModels": names},
            ),
        ),
        GatewaySpec(
            "anthropic",
            lambda: FakeAnthropic(models=CASE_MODELS),
            lambda s: _body(
                "Fake Anthropic", "anthropic", s.base_url, {"type": "api_key", "apiKey": "sk-ant-fake"}
            ),
        ),
        GatewaySpec(
            "bedrock",
            lambda: FakeBedrock(extra_models=CASE_MODELS),
            lambda s: _body("Fake Bedrock", "bedrock", s.base_url, aws),
        ),
    ]
