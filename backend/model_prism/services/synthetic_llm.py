"""The generator/evaluator model of the synthetic tests: any configured provider's model, via its adapter."""

from __future__ import annotations

from bson import ObjectId

from ..auth.secrets import current_box
from ..errors import NotFound, ValidationFailed
from ..models import Provider
from ..providers.base import adapter_for
from ..snapshot.build import provider_config
from ..synthetic.llm_json import Chat
from . import suite_llm


def model_ref(values: dict) -> tuple[Provider, str]:
    """Give (provider, model): the given providerId/modelId, else the tenant's classifier (400 if neither)."""
    provider_id, model = values.get("providerId"), values.get("modelId")
    if provider_id and model:
        if not ObjectId.is_valid(str(provider_id)):
            raise ValidationFailed("Invalid id")
        provider = Provider.objects(id=provider_id).first()
        if provider is None:
            raise NotFound("Provider not found")
        return provider, str(model)
    if values.get("tenantId"):
        return suite_llm._model_ref(values["tenantId"], None, None)
    raise ValidationFailed(
        "Choose a model: providerId and modelId, or a tenantId with a configured classifier"
    )


def chat_with(provider: Provider, model: str, transport, *, temperature: float, max_tokens: int) -> Chat:
    """Give a function that sends messages to the model and gives the answer text (ProviderError passes up)."""
    adapter = adapter_for(provider_config(provider, current_box()), transport)

    def chat(messages: list[dict]) -> str:
        answer = adapter.chat({"model": model, "messages": messages, "temperature": temperature,
                               "max_tokens": max_tokens, "stream": False})  # fmt: skip
        return (answer["choices"][0]["message"].get("content") or "").strip()

    return chat


def label(provider: Provider, model: str) -> dict:
    """Give the {providerId, provider, model} a job records about its model."""
    return {"providerId": str(provider.id), "provider": provider.name, "model": model}
