"""Azure OpenAI adapter (type `azure`): deployments, `api-version`, `api-key`, Chat Completions and Responses API."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import orjson

from ..errors import ProviderError
from .azure_responses import from_responses_answer, to_responses_request, translate_responses_stream
from .base import ProviderAdapter, register_adapter
from .sse import iter_openai_events
from .upstream import open_stream, post_json

DEFAULT_API_VERSION = "2025-04-01-preview"
ALLOWED = frozenset(
    [
        "messages",
        "temperature",
        "top_p",
        "stream",
        "stop",
        "max_tokens",
        "max_completion_tokens",
        "presence_penalty",
        "frequency_penalty",
        "logit_bias",
        "user",
        "data_sources",
        "logprobs",
        "top_logprobs",
        "n",
        "parallel_tool_calls",
        "response_format",
        "seed",
        "tools",
        "tool_choice",
        "function_call",
        "functions",
        "stream_options",
        "model",
        "input",
        "max_output_tokens",
        "instructions",
        "reasoning",
        "reasoning_effort",
    ]
)
REASONING_MODEL = re.compile(r"\b(o1|o3|o4|gpt-5\.2|gpt-5\.3|codex)\b", re.I)


def name_list(value) -> list[str]:
    """Give the names of a deployments option: split on commas and newlines, trimmed, empties dropped."""
    items = value if isinstance(value, list) else re.split(r"[,\n]", str(value or ""))
    return [s.strip() for s in map(str, items) if s.strip()]


def deployment_for(model: str, deployments: list[str]) -> str:
    """Give the deployment serving a model: exact, else equal/containing/contained, else the model id."""
    if model in deployments:
        return model
    low = model.lower()
    for d in deployments:
        if d.lower() == low or low in d.lower() or d.lower() in low:
            return d
    return model


def is_responses_model(model: str, responses_models: list[str]) -> bool:
    """Tell whether the model is served by the Responses API (an entry equal to, containing or contained in it)."""
    low = model.lower()
    return any(r.lower() == low or low in r.lower() or r.lower() in low for r in responses_models)


def _strip_message(message: dict) -> dict:
    clean = {k: v for k, v in message.items() if k not in ("tool_calls", "cache_control")}
    if isinstance(clean.get("content"), list):
        clean["content"] = [
            {k: v for k, v in p.items() if k != "cache_control"} if isinstance(p, dict) else p
            for p in clean["content"]
        ]
    return clean


def sanitise(request: dict) -> dict:
    """Give the request with only Azure's parameters, reasoning-model limits and clean messages (§5.3)."""
    body = {k: v for k, v in request.items() if k in ALLOWED}
    if (
        REASONING_MODEL.search(str(request.get("model") or ""))
        or "reasoning_effort" in body
        or "reasoning" in body
    ):
        for key in ("temperature", "top_p"):
            if key in body and body[key] != 1:
                body.pop(key)
        body.pop("presence_penalty", None)
        body.pop("frequency_penalty", None)
    if isinstance(body.get("messages"), list):
        body["messages"] = [_strip_message(m) if isinstance(m, dict) else m for m in body["messages"]]
    return body


def chat_completions_body(body: dict, stream: bool) -> dict:
    """Give the Chat Completions body for a sanitised request: max_completion_tokens, no model (§5.4)."""
    out = dict(body)
    if "max_tokens" in out:
        out.setdefault("max_completion_tokens", out["max_tokens"])
        out.pop("max_tokens")
    out.pop("model", None)
    if stream:
        out["stream_options"] = {**(out.get("stream_options") or {}), "include_usage": True}
    return out


def chat_chunks(lines, model: str) -> Iterator[dict]:
    """Yield Azure's chat chunks with the model filled in; content-filter-only chunks (no choices, no usage) are dropped."""
    for chunk in iter_openai_events(lines):
        if not chunk.get("choices") and not chunk.get("usage"):
            continue  # Azure's leading `prompt_filter_results` chunk would look like a usage chunk downstream
        yield {**chunk, "model": chunk.get("model") or model}


@register_adapter("azure")
class AzureAdapter(ProviderAdapter):
    supports_embeddings = True

    @property
    def endpoint(self) -> str:
        return self.config.base_url.rstrip("/")

    @property
    def api_version(self) -> str:
        return str(self.config.options.get("apiVersion") or DEFAULT_API_VERSION)

    def headers(self, stream: bool = False) -> dict[str, str]:
        return {
            "Content-Type": "application/json",
            "Accept": "text/event-stream" if stream else "application/json",
            "api-key": self.config.api_key,
        }

    def deployments(self) -> list[str]:
        return name_list(self.config.options.get("deployments"))

    def responses_models(self) -> list[str]:
        return name_list(self.config.options.get("responsesModels"))

    def _target(self, request: dict, stream: bool) -> tuple[str, dict, bool]:
        model = str(request.get("model") or "")
        body = sanitise({**request, "stream": stream})
        if is_responses_model(model, self.responses_models()):
            return (
                f"{self.endpoint}/openai/responses?api-version={self.api_version}",
                to_responses_request(body, model),
                True,
            )
        body = chat_completions_body(body, stream)
        deployment = quote(deployment_for(model, self.deployments()), safe="")
        return (
            f"{self.endpoint}/openai/deployments/{deployment}/chat/completions?api-version={self.api_version}",
            body,
            False,
        )

    def chat(self, request: dict) -> dict:
        url, body, responses = self._target(request, False)
        doc = post_json(
            self.transport,
            url,
            body,
            self.headers(),
            label="Azure",
            skip_ssl=self.config.skip_ssl,
            proxy=self.config.proxy,
            read_timeout=self.config.read_timeout,
        )
        model = str(request.get("model") or "")
        if responses:
            return from_responses_answer(doc, model)
        return {**doc, "model": doc.get("model") or model}

    def chat_stream(self, request: dict) -> Iterator[dict]:
        url, body, responses = self._target(request, True)
        model = str(request.get("model") or "")
        stream = open_stream(
            self.transport,
            url,
            orjson.dumps(body),
            self.headers(True),
            label="Azure",
            skip_ssl=self.config.skip_ssl,
            proxy=self.config.proxy,
            read_timeout=self.config.read_timeout,
        )
        translate = translate_responses_stream if responses else chat_chunks
        yield from stream.relay(translate(stream.lines(), model))

    def embeddings(self, request: dict) -> dict:
        model = str(request.get("model") or "")
        deployment = quote(deployment_for(model, self.deployments()), safe="")
        url = f"{self.endpoint}/openai/deployments/{deployment}/embeddings?api-version={self.api_version}"
        body = {k: v for k, v in request.items() if k in ("input", "user", "dimensions", "encoding_format")}
        return post_json(
            self.transport,
            url,
            body,
            self.headers(),
            label="Azure embeddings",
            skip_ssl=self.config.skip_ssl,
            proxy=self.config.proxy,
        )

    def list_models(self) -> list[dict]:
        names = list(dict.fromkeys(self.deployments() + self.responses_models()))
        return [{"id": n, "name": n, "ownedBy": "azure", "capabilities": ["chat"]} for n in names]

    def test_connection(self) -> dict:
        names = self.deployments() or self.responses_models()
        if not names:
            raise ProviderError("No deployments configured — add at least one deployment name", status=400)
        try:
            self.chat(
                {"model": names[0], "messages": [{"role": "user", "content": "test"}], "max_tokens": 10}
            )
        except ProviderError as exc:
            text = exc.message.lower()
            if not ("max_tokens" in text or "output limit" in text or re.search(r"length.*reached", text)):
                raise
        return {"success": True, "modelCount": len(self.list_models())}

    def detect_api_types(self) -> dict[str, list[str]]:
        """Give {deployments, responsesModels} found by probing each configured name with a 1-token request (§5.7)."""
        chat, responses = [], []
        for name in self.list_models():
            kind = self._probe(name["id"])
            (responses if kind == "responses" else chat).append(name["id"])
        return {"deployments": chat, "responsesModels": responses}

    def _probe(self, name: str) -> str:
        url = f"{self.endpoint}/openai/deployments/{quote(name, safe='')}/chat/completions?api-version={self.api_version}"
        body = {"messages": [{"role": "user", "content": "test"}], "max_completion_tokens": 1}
        resp = self.transport.request(
            "POST",
            url,
            body=orjson.dumps(body),
            headers=self.headers(),
            skip_ssl=self.config.skip_ssl,
            proxy=self.config.proxy,
        )
        if resp.status < 300 or resp.status == 400 and not _unsupported(resp.text):
            return "chat"
        if resp.status == 404 or _unsupported(resp.text):
            url = f"{self.endpoint}/openai/responses?api-version={self.api_version}"
            body = {"model": name, "input": [{"role": "user", "content": "test"}], "max_output_tokens": 1}
            resp = self.transport.request(
                "POST",
                url,
                body=orjson.dumps(body),
                headers=self.headers(),
                skip_ssl=self.config.skip_ssl,
                proxy=self.config.proxy,
            )
            if resp.status < 300 or resp.status == 400:
                return "responses"
        return "chat"


def _unsupported(text: str) -> bool:
    # §5.7 names "unsupported" and "not found"; Azure's real answer for a Responses-only model is
    # `OperationNotSupported` / "does not work with the specified model" ([DD] matched as well).
    low = text.lower()
    return any(
        k in low for k in ("unsupported", "not found", "notsupported", "not supported", "does not work with")
    )
