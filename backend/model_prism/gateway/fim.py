"""Fill-in-the-middle: legacy `/completions` (prompt + suffix) served by chat-only providers, and the
Mistral/DeepSeek-style `/fim/completions` shape (chat.completion objects) that Continue's OpenAI adapter reads.

Pure translations plus two adapter calls (`call_completions`, `stream_completions`) for dispatch."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from ..providers.base import ProviderAdapter

FILL = "<FILL_HERE>"
FIM_SYSTEM = (
    "You are a code completion engine. The user sends a file with one gap marked "
    f"{FILL}. Reply with exactly the text that belongs in the gap: no explanation, no "
    "markdown fences, no repetition of the surrounding text."
)
# Parameters a chat endpoint understands with the same meaning.
CHAT_FIELDS = ("model", "max_tokens", "temperature", "top_p", "stop", "user", "seed", "n")
FENCE = "```"


def prompt_text(prompt: Any) -> str:
    """Give the prompt as one string (a list prompt is served by its first entry, as FIM clients send one)."""
    if isinstance(prompt, list):
        return str(prompt[0]) if prompt else ""
    return "" if prompt is None else str(prompt)


def completion_to_chat_request(body: dict) -> dict:
    """Give the chat body that asks a chat model to fill the gap between `prompt` and `suffix`."""
    prefix, suffix = prompt_text(body.get("prompt")), str(body.get("suffix") or "")
    user = f"{prefix}{FILL}{suffix}" if suffix else f"{prefix}{FILL}"
    chat = {k: body[k] for k in CHAT_FIELDS if body.get(k) is not None}
    chat["messages"] = [{"role": "system", "content": FIM_SYSTEM}, {"role": "user", "content": user}]
    return chat


def strip_fences(text: str) -> str:
    """Give the text without a wrapping markdown code fence (chat models add them despite being told not to)."""
    stripped = text.strip("\n")
    if stripped.startswith(FENCE) and stripped.endswith(FENCE) and len(stripped) >= 6:
        inner = stripped[len(FENCE) : -len(FENCE)]
        return inner.split("\n", 1)[1] if "\n" in inner else inner
    return text


def chat_to_completion(doc: dict) -> dict:
    """Give the `text_completion` object for a chat.completion answer."""
    choices = [
        {
            "index": c.get("index", i),
            "text": strip_fences(str((c.get("message") or {}).get("content") or "")),
            "logprobs": None,
            "finish_reason": c.get("finish_reason") or "stop",
        }
        for i, c in enumerate(doc.get("choices") or ())
    ]
    out = {
        "id": doc.get("id") or "cmpl-fim",
        "object": "text_completion",
        "created": doc.get("created") or int(time.time()),
        "model": doc.get("model") or "",
        "choices": choices,
    }
    for key in ("system_fingerprint", "usage"):
        if doc.get(key) is not None:
            out[key] = doc[key]
    return out


class FenceFilter:
    """Drops a leading ```lang line and a trailing ``` from streamed text, holding back only what could be one."""

    def __init__(self) -> None:
        self.head: str | None = ""  # None once the opening has been decided
        self.tail = ""

    def feed(self, text: str) -> str:
        if self.head is not None:
            self.head += text
            if len(self.head) < len(FENCE) and FENCE.startswith(self.head):
                return ""
            if self.head.startswith(FENCE):
                if "\n" not in self.head:
                    return ""
                self.head = self.head.split("\n", 1)[1]
            text, self.head = self.head, None
        text = self.tail + text
        keep = len(text) - _fence_suffix(text)
        self.tail = text[keep:]
        return text[:keep]

    def flush(self) -> str:
        rest = (self.head or "") + self.tail
        self.head, self.tail = None, ""
        return rest.rstrip("\n")[: -len(FENCE)].rstrip("\n") if rest.rstrip("\n").endswith(FENCE) else rest


def _fence_suffix(text: str) -> int:
    """Give how many trailing characters might begin a closing fence (`\\n` + up to three backticks)."""
    for n in range(min(len(text), len(FENCE) + 1), 0, -1):
        if ("\n" + FENCE).startswith(text[-n:]):
            return n
    return 0


def chat_chunk_to_completion(chunk: dict, text: str | None = None) -> dict:
    """Give the streamed `text_completion` chunk for a chat chunk (text given when filtered)."""
    out = {k: chunk[k] for k in ("id", "created", "model", "system_fingerprint") if k in chunk}
    out["object"] = "text_completion"
    out["choices"] = [
        {
            "index": c.get("index", 0),
            "text": text if text is not None else str((c.get("delta") or {}).get("content") or ""),
            "logprobs": None,
            "finish_reason": c.get("finish_reason"),
        }
        for c in chunk.get("choices") or ()
    ]
    if chunk.get("usage") is not None:
        out["usage"] = chunk["usage"]
    return out


def chat_stream_to_completions(chunks: Iterator[dict]) -> Iterator[dict]:
    """Give text_completion chunks for a chat stream, without the code fence a chat model may wrap around."""
    fence = FenceFilter()
    last: dict = {}
    try:
        for chunk in chunks:
            choices = chunk.get("choices") or ()
            if not choices:
                yield chat_chunk_to_completion(chunk)
                continue
            last = chunk
            content = str((choices[0].get("delta") or {}).get("content") or "")
            if choices[0].get("finish_reason"):
                content = fence.feed(content) + fence.flush()
            else:
                content = fence.feed(content)
            if content or choices[0].get("finish_reason"):
                yield chat_chunk_to_completion(chunk, content)
        rest = fence.flush()
        if rest and last:
            yield chat_chunk_to_completion({**last, "choices": [{"index": 0, "delta": {}}]}, rest)
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()


def call_completions(adapter: ProviderAdapter, body: dict) -> dict:
    """Give the `/completions` answer: natively where the adapter has the endpoint, else through chat."""
    if adapter.supports_completions:
        return adapter.completions(body)
    return chat_to_completion(adapter.chat(completion_to_chat_request(body)))


def stream_completions(adapter: ProviderAdapter, body: dict) -> Iterator[dict]:
    """Give the streamed `/completions` chunks: natively where the adapter has the endpoint, else through chat."""
    if adapter.supports_completions:
        return iter(adapter.completions_stream(body))
    return chat_stream_to_completions(iter(adapter.chat_stream(completion_to_chat_request(body))))


# --- `/fim/completions` (Mistral/DeepSeek shape: chat.completion objects whose message is the filled gap) ---


def to_fim_response(doc: dict) -> dict:
    """Give the Mistral-style FIM answer (`chat.completion`) for a text_completion or chat.completion body."""
    if doc.get("object") == "text_completion":
        choices = [
            {
                "index": c.get("index", i),
                "message": {"role": "assistant", "content": str(c.get("text") or ""), "tool_calls": None},
                "finish_reason": c.get("finish_reason") or "stop",
            }
            for i, c in enumerate(doc.get("choices") or ())
        ]
    else:
        choices = []
        for i, c in enumerate(doc.get("choices") or ()):
            message = dict(c.get("message") or {})
            message["content"] = strip_fences(str(message.get("content") or ""))
            choices.append(
                {"index": c.get("index", i), "message": message, "finish_reason": c.get("finish_reason")}
            )
    return {**doc, "object": "chat.completion", "choices": choices}


def to_fim_chunk(chunk: dict) -> dict:
    """Give the `chat.completion.chunk` (delta.content) for a streamed text_completion or chat chunk."""
    choices = []
    for c in chunk.get("choices") or ():
        delta = c.get("delta")
        if delta is None:
            delta = {"content": str(c.get("text") or "")}
        choices.append({"index": c.get("index", 0), "delta": delta, "finish_reason": c.get("finish_reason")})
    return {**chunk, "object": "chat.completion.chunk", "choices": choices}


def fim_chunks(events: Iterator[tuple[str, dict]], via_chat: bool) -> Iterator[dict]:
    """Give the FIM stream's chunks: each with exactly one choice (Continue reads `choices[0]` of every chunk),
    usage and cost_info riding on the last one (as DeepSeek does), an `{"error"}` object after a failure."""
    fence = FenceFilter() if via_chat else None
    held: dict | None = None
    finished = False
    for kind, doc in events:
        if finished:
            continue  # let the relay run to its end, so the request is recorded as served
        if kind == "error":
            finished = True
            yield {"error": {**doc, "param": None}}
            continue
        if kind == "final":
            finished = True
            last = held or to_fim_chunk({**doc, "choices": [{"index": 0, "delta": {}}]})
            last["choices"][0]["finish_reason"] = last["choices"][0].get("finish_reason") or "stop"
            rest = fence.flush() if fence is not None else ""
            last["choices"][0]["delta"]["content"] = last["choices"][0]["delta"].get("content", "") + rest
            yield {**last, **{k: doc[k] for k in ("usage", "cost_info", "auto_routing") if k in doc}}
            continue
        chunk = to_fim_chunk(doc)
        if not chunk["choices"]:
            continue
        choice = chunk["choices"][0] = {**chunk["choices"][0], "delta": dict(chunk["choices"][0]["delta"])}
        chunk["choices"] = [choice]
        text = str(choice["delta"].get("content") or "")
        if fence is not None:
            text = fence.feed(text) + (fence.flush() if choice.get("finish_reason") else "")
        choice["delta"] = {"content": text}
        if choice.get("finish_reason"):
            held = chunk
        elif text:
            yield chunk
