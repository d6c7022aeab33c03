"""Ollama adapter: native model list (`/api/tags`), chat over its OpenAI endpoint or natively over `/api/chat`."""

from __future__ import annotations

from collections.abc import Iterator

import orjson

from ..errors import ProviderError
from .base import register_adapter
from .ollama_native import from_chat_response, read_error, to_chat_request, translate_ndjson
from .openai_compat import OpenAICompatAdapter
from .transport import LIST_READ_TIMEOUT
from .upstream import open_stream, post_json


@register_adapter("ollama")
class OllamaAdapter(OpenAICompatAdapter):
    """Chat goes to `/v1/chat/completions` unless `options.nativeApi` is set, then to `/api/chat`."""

    @property
    def base(self) -> str:
        return (self.config.base_url or "http://localhost:11434").rstrip("/")

    @property
    def native(self) -> bool:
        return bool(self.config.options.get("nativeApi"))

    def list_models(self) -> list[dict]:
        try:
            resp = self.transport.request(
                "GET",
                f"{self.base}/api/tags",
                headers=self.headers(),
                read_timeout=LIST_READ_TIMEOUT,
                skip_ssl=self.config.skip_ssl,
                proxy=self.config.proxy,
            )
            doc = orjson.loads(resp.data) if resp.status < 300 else None
        except (ProviderError, orjson.JSONDecodeError):
            doc = None
        if not isinstance(doc, dict) or not isinstance(doc.get("models"), list):
            return super().list_models()
        models = []
        for m in doc["models"]:
            name = m.get("name") or m.get("model") if isinstance(m, dict) else None
            if name:
                entry = {"id": name, "name": name, "ownedBy": "ollama", "capabilities": ["chat"]}
                context = (m.get("details") or {}).get("context_length")
                if context:
                    entry["contextWindow"] = int(context)
                models.append(entry)
        return models

    def chat(self, request: dict) -> dict:
        if not self.native:
            return super().chat(request)
        doc = post_json(
            self.transport,
            f"{self.base}/api/chat",
            to_chat_request(request, False),
            self.headers(),
            label="Ollama",
            skip_ssl=self.config.skip_ssl,
            proxy=self.config.proxy,
            read_timeout=self.config.read_timeout,
            reader=read_error,
        )
        return from_chat_response(doc, str(request.get("model") or ""))

    def chat_stream(self, request: dict) -> Iterator[dict]:
        if not self.native:
            return super().chat_stream(request)
        return self._native_stream(request)

    def _native_stream(self, request: dict) -> Iterator[dict]:
        stream = open_stream(
            self.transport,
            f"{self.base}/api/chat",
            orjson.dumps(to_chat_request(request, True)),
            {**self.headers(), "Accept": "application/x-ndjson"},
            label="Ollama",
            skip_ssl=self.config.skip_ssl,
            proxy=self.config.proxy,
            read_timeout=self.config.read_timeout,
            reader=read_error,
        )
        yield from stream.relay(translate_ndjson(stream.lines(), str(request.get("model") or "")))
