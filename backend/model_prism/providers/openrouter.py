"""OpenRouter adapter: OpenAI-compatible plus its attribution headers and richer model listing."""

from __future__ import annotations

from .base import register_adapter
from .openai_compat import OpenAICompatAdapter

DEFAULT_REFERER = "https://github.com/open-model-prism/model-prism"
DEFAULT_TITLE = "Model Prism"


@register_adapter("openrouter")
class OpenRouterAdapter(OpenAICompatAdapter):
    """Sends `HTTP-Referer` and `X-Title` (options `siteUrl`, `appName`); lists context length and prices."""

    @property
    def base(self) -> str:
        return (self.config.base_url or "https://openrouter.ai/api").rstrip("/")

    def headers(self) -> dict[str, str]:
        headers = super().headers()
        headers["HTTP-Referer"] = str(self.config.options.get("siteUrl") or DEFAULT_REFERER)
        headers["X-Title"] = str(self.config.options.get("appName") or DEFAULT_TITLE)
        return headers

    def model_entry(self, listed: dict) -> dict:
        return _enrich(super().model_entry(listed), listed)


def _enrich(model: dict, listed: dict) -> dict:
    out = dict(model)
    if listed.get("name"):
        out["name"] = listed["name"]
    if listed.get("context_length"):
        out["contextWindow"] = int(listed["context_length"])
    pricing = listed.get("pricing") or {}
    try:
        if pricing.get("prompt") is not None:
            out["inputPer1M"] = round(float(pricing["prompt"]) * 1e6, 6)
            out["outputPer1M"] = round(float(pricing.get("completion") or 0) * 1e6, 6)
    except (TypeError, ValueError):
        pass
    return out
