"""The adapter contract: our internal request (OpenAI-shaped) in, OpenAI-shaped answers out."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..errors import ProviderError
from .transport import CHAT_READ_TIMEOUT, Transport


@dataclass(frozen=True)
class ProviderConfig:
    """A provider as adapters see it: secrets already opened, nothing mutable."""

    id: str
    slug: str
    name: str
    type: str
    base_url: str
    api_key: str = ""
    auth_type: str = "api_key"
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    credentials: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def skip_ssl(self) -> bool:
        return bool(self.options.get("skipSSL"))

    @property
    def proxy(self) -> str:
        return str(self.options.get("httpProxy") or "")

    @property
    def read_timeout(self) -> float:
        """Give the read timeout for chat calls and streams: `options.timeoutSeconds`, else 600 s."""
        try:
            value = float(self.options.get("timeoutSeconds") or 0)
        except (TypeError, ValueError):
            value = 0.0
        return value if value > 0 else CHAT_READ_TIMEOUT


class ProviderAdapter:
    """Translates between our OpenAI-shaped request and one provider's wire format; HTTP goes through Transport."""

    supports_completions = False
    supports_embeddings = False

    def __init__(self, config: ProviderConfig, transport: Transport) -> None:
        self.config = config
        self.transport = transport
        self.effective_path: str | None = None

    def list_models(self) -> list[dict]:
        raise NotImplementedError

    def chat(self, request: dict) -> dict:
        raise NotImplementedError

    def chat_stream(self, request: dict) -> Iterator[dict]:
        raise NotImplementedError

    def completions(self, request: dict) -> dict:
        raise ProviderError("This provider has no completions endpoint", status=400)

    def completions_stream(self, request: dict) -> Iterator[dict]:
        raise ProviderError("This provider has no completions endpoint", status=400)

    def embeddings(self, request: dict) -> dict:
        raise ProviderError("Embeddings are not supported by this provider type", status=400)

    def test_connection(self) -> dict:
        models = self.list_models()
        return {"success": True, "modelCount": len(models)}


_ADAPTERS: dict[str, Callable[[ProviderConfig, Transport], ProviderAdapter]] = {}


def register_adapter(*types: str):
    """Class decorator: make the adapter serve the given provider types."""

    def wrap(cls):
        for t in types:
            _ADAPTERS[t] = cls
        return cls

    return wrap


def adapter_for(config: ProviderConfig, transport: Transport) -> ProviderAdapter:
    """Give the adapter for the provider's type (unknown types speak OpenAI-compatible)."""
    from . import anthropic, azure, bedrock, demo, ollama, openai_compat, openrouter  # noqa: F401 - registration

    factory = _ADAPTERS.get(config.type) or _ADAPTERS["openai"]
    return factory(config, transport)
