"""Anthropic Messages adapter (type `anthropic`): `/v1/messages` JSON and SSE translated to OpenAI's shapes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import orjson

from ..errors import ProviderError
from .anthropic_convert import (
    ERROR_STATUS,
    STOP_REASONS,
    from_messages_response,
    messages_usage,
    read_error,
    to_messages_request,
)
from .base import ProviderAdapter, register_adapter
from .chunks import ChunkFactory
from .sse import CUT_STREAM, iter_sse_json
from .transport import LIST_READ_TIMEOUT
from .upstream import error_for, json_body, open_stream, post_json

API_VERSION = "2023-06-01"


@register_adapter("anthropic")
class AnthropicAdapter(ProviderAdapter):
    @property
    def base(self) -> str:
        return (self.config.base_url or "https://api.anthropic.com").rstrip("/")

    def headers(self) -> dict[str, str]:
        headers = {
            "content-type": "application/json",
            "accept": "application/json",
            "anthropic-version": API_VERSION,
        }
        if self.config.api_key:
            headers["x-api-key"] = self.config.api_key
        betas = self.config.options.get("betas")
        if betas:
            headers["anthropic-beta"] = betas if isinstance(betas, str) else ",".join(betas)
        return headers

    def _body(self, request: dict, stream: bool) -> dict:
        from .registry import suggest_for_model

        suggestion = suggest_for_model(str(request.get("model") or "")) or {}
        body = to_messages_request(request, suggestion.get("maxOutputTokens"))
        if stream:
            body["stream"] = True
        return body

    def chat(self, request: dict) -> dict:
        doc = post_json(
            self.transport,
            f"{self.base}/v1/messages",
            self._body(request, False),
            self.headers(),
            label="Anthropic",
            skip_ssl=self.config.skip_ssl,
            proxy=self.config.proxy,
            read_timeout=self.config.read_timeout,
            reader=read_error,
        )
        return from_messages_response(doc, str(request.get("model") or ""))

    def chat_stream(self, request: dict) -> Iterator[dict]:
        stream = open_stream(
            self.transport,
            f"{self.base}/v1/messages",
            orjson.dumps(self._body(request, True)),
            {**self.headers(), "accept": "text/event-stream"},
            label="Anthropic",
            skip_ssl=self.config.skip_ssl,
            proxy=self.config.proxy,
            read_timeout=self.config.read_timeout,
            reader=read_error,
        )
        yield from stream.relay(translate_stream(stream.lines(), str(request.get("model") or "")))

    def list_models(self) -> list[dict]:
        models, after = [], None
        while True:
            url = f"{self.base}/v1/models?limit=1000" + (f"&after_id={after}" if after else "")
            resp = self.transport.request(
                "GET",
                url,
                headers=self.headers(),
                read_timeout=LIST_READ_TIMEOUT,
                skip_ssl=self.config.skip_ssl,
                proxy=self.config.proxy,
            )
            if resp.status >= 300:
                raise error_for(resp.status, resp.headers, resp.data, "Anthropic", read_error)
            page = json_body(resp.data, "Anthropic")
            for m in page.get("data") or ():
                if isinstance(m, dict) and m.get("id"):
                    models.append(
                        {
                            "id": m["id"],
                            "name": m.get("display_name") or m["id"],
                            "ownedBy": "anthropic",
                            "capabilities": ["chat"],
                        }
                    )
            after = page.get("last_id")
            if not page.get("has_more") or not after:
                return models

    def test_connection(self) -> dict:
        return {"success": True, "modelCount": len(self.list_models())}


def translate_stream(lines: Iterable[bytes], model: str) -> Iterator[dict]:
    """Yield OpenAI chunks for an Anthropic SSE stream; an `error` event raises, a cut stream raises 502."""
    chunks = ChunkFactory(id="msg", model=model)
    usage: dict = {}
    tool_index: dict[int, int] = {}
    for event, doc in iter_sse_json(lines):
        kind = doc.get("type") or event
        if kind == "message_start":
            message = doc.get("message") or {}
            chunks.id, chunks.model = message.get("id") or chunks.id, message.get("model") or model
            usage.update(message.get("usage") or {})
            yield chunks.delta(role="assistant", content="")
        elif kind == "content_block_start":
            block = doc.get("content_block") or {}
            if block.get("type") == "tool_use":
                tool_index[int(doc.get("index", 0))] = len(tool_index)
                yield chunks.tool_start(
                    tool_index[int(doc.get("index", 0))], block.get("id", ""), block.get("name", "")
                )
        elif kind == "content_block_delta":
            delta = doc.get("delta") or {}
            if delta.get("type") == "text_delta":
                yield chunks.delta(content=delta.get("text", ""))
            elif delta.get("type") == "input_json_delta" and delta.get("partial_json"):
                index = tool_index.get(int(doc.get("index", 0)), max(len(tool_index) - 1, 0))
                yield chunks.tool_arguments(index, delta.get("partial_json", ""))
            elif delta.get("type") == "thinking_delta":
                yield chunks.delta(reasoning_content=delta.get("thinking", ""))
        elif kind == "message_delta":
            usage.update({k: v for k, v in (doc.get("usage") or {}).items() if v is not None})
            reason = (doc.get("delta") or {}).get("stop_reason")
            yield chunks.finish(STOP_REASONS.get(reason or "", "stop"))
        elif kind == "message_stop":
            yield chunks.usage(messages_usage(usage))
            return
        elif kind == "error":
            err = doc.get("error") or {}
            status = ERROR_STATUS.get(err.get("type", ""), 502)
            raise ProviderError(
                f"Anthropic stream error: {err.get('type', 'error')}: {err.get('message', '')}", status=status
            )
    raise ProviderError(CUT_STREAM, status=502)
