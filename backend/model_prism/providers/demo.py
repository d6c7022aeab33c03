"""The built-in demo provider: deterministic OpenAI-shaped answers with real token counts and no network."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterator

import orjson

from .base import ProviderAdapter, register_adapter

_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)

# id, tier, input $/1M, output $/1M, context window, max output, intelligence/coding/math/speed
DEMO_MODELS: tuple[tuple[str, str, float, float, int, int, tuple[int, int, int, int]], ...] = (
    ("demo-nano", "micro", 0.05, 0.20, 32_000, 4_096, (30, 25, 20, 95)),
    ("demo-lite", "minimal", 0.10, 0.40, 64_000, 8_192, (40, 35, 30, 90)),
    ("demo-small", "low", 0.15, 0.60, 128_000, 16_384, (50, 48, 45, 85)),
    ("demo-standard", "medium", 0.80, 3.20, 128_000, 16_384, (62, 60, 58, 70)),
    ("demo-pro", "advanced", 2.50, 10.00, 200_000, 32_000, (72, 74, 70, 60)),
    ("demo-max", "high", 3.00, 15.00, 200_000, 64_000, (80, 82, 78, 50)),
    ("demo-ultra", "ultra", 15.00, 75.00, 200_000, 32_000, (90, 88, 90, 35)),
    ("demo-critical", "critical", 20.00, 80.00, 400_000, 64_000, (93, 90, 92, 30)),
)
DEMO_EMBEDDING_MODEL = "demo-embed"


def count_tokens(text: str) -> int:
    """Give the demo tokenizer's count: words and punctuation marks each count as one token."""
    return len(_TOKEN.findall(text))


def _text(content) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
    return "" if content is None else orjson.dumps(content).decode()


def prompt_tokens(messages: list) -> int:
    """Give the prompt token count: 3 per message for framing plus the tokens of role and text."""
    return (
        sum(
            3 + count_tokens(str(m.get("role", ""))) + count_tokens(_text(m.get("content")))
            for m in messages
            if isinstance(m, dict)
        )
        + 3
    )


def answer_for(model: str, messages: list) -> str:
    """Give the deterministic answer text for a conversation."""
    last = next(
        (
            _text(m.get("content"))
            for m in reversed(messages)
            if isinstance(m, dict) and m.get("role") == "user"
        ),
        "",
    )
    digest = hashlib.sha256(last.encode()).hexdigest()[:8]
    topic = " ".join(last.split()[:12]) or "your request"
    return (
        f"This is {model}, Model Prism's built-in demo model (answer {digest}). "
        f"You asked about: \u201c{topic}\u201d. A real provider would answer here; the demo answers "
        "deterministically so routing, cost tracking and the dashboard can be tried without an API key."
    )


def _limit(text: str, max_tokens) -> tuple[str, str]:
    if isinstance(max_tokens, int) and max_tokens > 0:
        tokens = list(_TOKEN.finditer(text))
        if len(tokens) > max_tokens:
            return text[: tokens[max_tokens - 1].end()], "length"
    return text, "stop"


@register_adapter("demo")
class DemoAdapter(ProviderAdapter):
    supports_completions = True
    supports_embeddings = True

    def list_models(self) -> list[dict]:
        models = [
            {
                "id": m[0],
                "name": m[0],
                "ownedBy": "model-prism-demo",
                "capabilities": ["chat", "tools", "json"],
            }
            for m in DEMO_MODELS
        ]
        return models + [
            {
                "id": DEMO_EMBEDDING_MODEL,
                "name": DEMO_EMBEDDING_MODEL,
                "ownedBy": "model-prism-demo",
                "capabilities": ["embeddings"],
            }
        ]

    def _answer(self, request: dict) -> tuple[str, str, int, int]:
        messages = request.get("messages") or []
        text = answer_for(request.get("model", "demo"), messages)
        if (request.get("response_format") or {}).get("type") in ("json_object", "json_schema"):
            text = orjson.dumps({"answer": text}).decode()
        else:
            text, finish = _limit(text, request.get("max_tokens") or request.get("max_completion_tokens"))
            return text, finish, prompt_tokens(messages), count_tokens(text)
        return text, "stop", prompt_tokens(messages), count_tokens(text)

    def chat(self, request: dict) -> dict:
        text, finish, p_tok, c_tok = self._answer(request)
        return {
            "id": "chatcmpl-demo-" + hashlib.sha256(text.encode()).hexdigest()[:16],
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.get("model", "demo"),
            "system_fingerprint": "fp_demo",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text, "refusal": None},
                    "logprobs": None,
                    "finish_reason": finish,
                }
            ],
            "usage": {"prompt_tokens": p_tok, "completion_tokens": c_tok, "total_tokens": p_tok + c_tok},
        }

    def chat_stream(self, request: dict) -> Iterator[dict]:
        text, finish, p_tok, c_tok = self._answer(request)
        base = {
            "id": "chatcmpl-demo-" + hashlib.sha256(text.encode()).hexdigest()[:16],
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": request.get("model", "demo"),
            "system_fingerprint": "fp_demo",
        }
        yield {
            **base,
            "choices": [
                {
                    "index": 0,
                    "delta": {"role": "assistant", "content": ""},
                    "logprobs": None,
                    "finish_reason": None,
                }
            ],
        }
        for piece in re.findall(r"\S+\s*", text):
            yield {
                **base,
                "choices": [
                    {"index": 0, "delta": {"content": piece}, "logprobs": None, "finish_reason": None}
                ],
            }
        yield {**base, "choices": [{"index": 0, "delta": {}, "logprobs": None, "finish_reason": finish}]}
        yield {
            **base,
            "choices": [],
            "usage": {"prompt_tokens": p_tok, "completion_tokens": c_tok, "total_tokens": p_tok + c_tok},
        }

    def completions(self, request: dict) -> dict:
        prompt = request.get("prompt") or ""
        prompt = prompt if isinstance(prompt, str) else " ".join(map(str, prompt))
        text, finish = _limit(
            answer_for(request.get("model", "demo"), [{"role": "user", "content": prompt}]),
            request.get("max_tokens") or 16,
        )
        p_tok, c_tok = count_tokens(prompt) + count_tokens(request.get("suffix") or ""), count_tokens(text)
        return {
            "id": "cmpl-demo-" + hashlib.sha256(text.encode()).hexdigest()[:16],
            "object": "text_completion",
            "created": int(time.time()),
            "model": request.get("model", "demo"),
            "system_fingerprint": "fp_demo",
            "choices": [{"index": 0, "text": text, "logprobs": None, "finish_reason": finish}],
            "usage": {"prompt_tokens": p_tok, "completion_tokens": c_tok, "total_tokens": p_tok + c_tok},
        }

    def completions_stream(self, request: dict) -> Iterator[dict]:
        full = self.completions(request)
        base = {k: full[k] for k in ("id", "object", "created", "model", "system_fingerprint")}
        for piece in re.findall(r"\S+\s*", full["choices"][0]["text"]):
            yield {**base, "choices": [{"index": 0, "text": piece, "logprobs": None, "finish_reason": None}]}
        yield {
            **base,
            "choices": [
                {
                    "index": 0,
                    "text": "",
                    "logprobs": None,
                    "finish_reason": full["choices"][0]["finish_reason"],
                }
            ],
        }
        yield {**base, "choices": [], "usage": full["usage"]}

    def embeddings(self, request: dict) -> dict:
        inputs = request.get("input")
        items = [inputs] if isinstance(inputs, str) else list(inputs or [])
        data = []
        for i, item in enumerate(items):
            digest = hashlib.sha256(str(item).encode()).digest()
            data.append(
                {"object": "embedding", "index": i, "embedding": [(b - 128) / 128 for b in digest[:16]]}
            )
        tokens = sum(count_tokens(str(x)) for x in items)
        return {
            "object": "list",
            "data": data,
            "model": request.get("model", DEMO_EMBEDDING_MODEL),
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
        }

    def test_connection(self) -> dict:
        return {
            "success": True,
            "modelCount": len(DEMO_MODELS) + 1,
            "note": "built-in demo provider (no network)",
        }
