"""OpenAI-compatible adapter: OpenAI, vLLM, OpenRouter, LM Studio, llama.cpp, Groq and any such server."""

from __future__ import annotations

from collections.abc import Iterator

import orjson

from ..errors import ProviderError
from .base import ProviderAdapter, register_adapter
from .sse import iter_openai_events
from .transport import LIST_READ_TIMEOUT

PROBE_PATHS = ("/v1", "/api/v1", "")


@register_adapter("openai", "vllm", "custom", "bedrock-proxy", "azure-proxy")
class OpenAICompatAdapter(ProviderAdapter):
    supports_completions = True
    supports_embeddings = True

    @property
    def base(self) -> str:
        return (self.config.base_url or "https://api.openai.com").rstrip("/")

    @property
    def api_path(self) -> str:
        path = self.config.options.get("apiPath")
        if path is None:
            path = self.effective_path  # probed by list_models on this adapter, not yet persisted
        return "/v1" if path is None else str(path)

    def headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.config.api_key and self.config.auth_type in ("api_key", "bearer"):
            headers["Authorization"] = f"Bearer {self.config.api_key}"
        return headers

    def _url(self, suffix: str, path: str | None = None) -> str:
        return f"{self.base}{self.api_path if path is None else path}{suffix}"

    def _post(self, suffix: str, body: dict, label: str) -> dict:
        resp = self.transport.request(
            "POST",
            self._url(suffix),
            body=orjson.dumps(body),
            headers=self.headers(),
            read_timeout=self.config.read_timeout,
            skip_ssl=self.config.skip_ssl,
            proxy=self.config.proxy,
        )
        if resp.status >= 300:
            raise ProviderError(
                f"{label} error {resp.status}: {resp.text[:2000]}",
                status=resp.status,
                retry_after=_retry_after(resp.headers),
            )
        try:
            doc = resp.json()
        except orjson.JSONDecodeError:
            raise ProviderError(f"{label} error: upstream sent invalid JSON", status=502) from None
        if not isinstance(doc, dict):
            raise ProviderError(f"{label} error: upstream sent an unexpected body", status=502)
        return doc

    def _stream(self, suffix: str, body: dict) -> Iterator[dict]:
        stream = self.transport.open(
            "POST",
            self._url(suffix),
            body=orjson.dumps(body),
            headers={**self.headers(), "Accept": "text/event-stream"},
            read_timeout=self.config.read_timeout,
            skip_ssl=self.config.skip_ssl,
            proxy=self.config.proxy,
        )
        if stream.status >= 300:
            try:
                text = stream.read_all()[:2000].decode("utf-8", "replace")
            finally:
                stream.close()
            raise ProviderError(
                f"Stream error {stream.status}: {text}",
                status=stream.status,
                retry_after=_retry_after(stream.headers),
            )
        yield from stream.relay(iter_openai_events(stream.lines()))

    def chat(self, request: dict) -> dict:
        return self._post("/chat/completions", {**request, "stream": False}, "Chat")

    def chat_stream(self, request: dict) -> Iterator[dict]:
        body = {**request, "stream": True, "stream_options": {"include_usage": True}}
        return self._stream("/chat/completions", body)

    def completions(self, request: dict) -> dict:
        return self._post("/completions", {**request, "stream": False}, "Completion")

    def completions_stream(self, request: dict) -> Iterator[dict]:
        body = {**request, "stream": True, "stream_options": {"include_usage": True}}
        return self._stream("/completions", body)

    def embeddings(self, request: dict) -> dict:
        return self._post("/embeddings", request, "Embeddings")

    def list_models(self) -> list[dict]:
        configured = self.config.options.get("apiPath")
        paths = (configured,) if configured is not None else PROBE_PATHS
        last_error = "no path tried"
        for path in paths:
            try:
                resp = self.transport.request(
                    "GET",
                    self._url("/models", path),
                    headers=self.headers(),
                    read_timeout=LIST_READ_TIMEOUT,
                    skip_ssl=self.config.skip_ssl,
                    proxy=self.config.proxy,
                )
            except ProviderError as exc:
                last_error = exc.message
                continue
            if resp.status >= 300:
                last_error = f"HTTP {resp.status} from {path or '/'}models: {resp.text[:300]}"
                continue
            try:
                data = (resp.json() or {}).get("data", [])
            except (orjson.JSONDecodeError, AttributeError):
                last_error = f"invalid JSON from {path or '/'}models"
                continue
            self.effective_path = path
            return [self.model_entry(m) for m in data if isinstance(m, dict) and m.get("id")]
        tried = ", ".join(p or "/" for p in paths)
        raise ProviderError(f"Failed to list models (tried: {tried}): {last_error}", status=400)

    def model_entry(self, listed: dict) -> dict:
        """Give our model record for one entry of the upstream's `/models` list."""
        return {
            "id": listed["id"],
            "name": listed["id"],
            "ownedBy": listed.get("owned_by") or self.config.name,
            "capabilities": ["chat"],
        }


def _retry_after(headers: dict[str, str]) -> float | None:
    value = headers.get("retry-after")
    try:
        return float(value) if value else None
    except ValueError:
        return None
