"""The conformance targets: every adapter type wired to the fake server of its wire format."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from types import MappingProxyType

from model_prism.providers import ProviderConfig, adapter_for
from model_prism.providers.conformance import Profile, Target
from model_prism.providers.transport import Transport

from .anthropic_server import FakeAnthropic
from .azure_server import FakeAzure
from .bedrock_server import ACCESS_KEY, API_KEY, REGION, SECRET_KEY, FakeBedrock
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
