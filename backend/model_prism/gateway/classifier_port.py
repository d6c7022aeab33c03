"""The LLM classifier port: calls the classifier model through the normal provider adapter."""

from __future__ import annotations

from collections.abc import Callable

from ..analytics.costs import Prices, Usage, cost_usd
from ..errors import ProviderError
from ..providers.base import ProviderAdapter
from ..routing.ports import ClassifierReply
from ..routing.settings import ClassifierRef
from ..snapshot.holder import SnapshotHolder
from ..snapshot.views import ProviderView


class AdapterClassifier:
    """LlmClassifierPort over the worker's adapters (temperature 0, non-streaming); raises on any failure."""

    def __init__(
        self, holder: SnapshotHolder, adapter_for: Callable[[ProviderView], ProviderAdapter]
    ) -> None:
        self._holder = holder
        self._adapter_for = adapter_for

    def _provider(self, ref: ClassifierRef) -> ProviderView:
        provider = self._holder.current().providers_by_id.get(str(ref.provider_id))
        if provider is None:
            raise ProviderError(f"classifier provider {ref.provider_id} not found", status=400)
        return provider

    def complete(self, ref: ClassifierRef, system: str, user: str, *, max_tokens: int) -> ClassifierReply:
        provider = self._provider(ref)
        body = {
            "model": ref.model,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
            "temperature": 0,
            "max_tokens": max_tokens,
        }
        reply = self._adapter_for(provider).chat(body)
        usage = reply.get("usage") or {}
        model = provider.model(ref.model)
        prices = (
            Prices(model.input_per_1m or 0.0, model.output_per_1m or 0.0)
            if model and model.input_per_1m is not None
            else None
        )
        tokens = Usage(int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0))
        content = ((reply.get("choices") or [{}])[0].get("message") or {}).get("content") or ""
        return ClassifierReply(content, tokens.input_tokens, tokens.output_tokens, cost_usd(prices, tokens))

    def context_window(self, ref: ClassifierRef) -> int | None:
        model = self._provider(ref).model(ref.model)
        return model.context_window if model else None
