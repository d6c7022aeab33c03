"""Request bodies of the benchmark scenarios: typical chat, an 8k-token prompt, streaming, Anthropic Messages."""

from __future__ import annotations

import os
import random

import orjson

SYSTEM = "You are a concise senior software engineer. Answer with working code and one short explanation."
TYPICAL_USER = (
    "In Python, how do I read a large CSV file in chunks with pandas, filter rows where the column "
    "'status' equals 'active', and write the result to a Parquet file without loading everything into "
    "memory? Please show a short example and mention one pitfall."
)
_VOCABULARY = (
    "the service retries the request when the upstream answers with a transient error",
    "each worker keeps a pool of connections so that the handshake cost is paid once",
    "def merge_intervals(items): return sorted(items, key=lambda item: item[0])",
    "the quarterly report shows revenue growth in the european region and flat costs",
    "SELECT customer_id, SUM(amount) FROM orders GROUP BY customer_id HAVING SUM(amount) > 100",
    "a sliding window rate limiter weights the previous bucket by the elapsed fraction",
    "the migration adds an index on the tenant identifier and the creation timestamp",
    "please summarise the trade-offs between optimistic and pessimistic locking",
)


def long_prompt(tokens: int, seed: int = 7) -> str:
    """Give deterministic varied text of about `tokens` tokens (4 characters each)."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < tokens * 4:
        sentence = rng.choice(_VOCABULARY) + f" (note {rng.randint(1, 9999)}). "
        parts.append(sentence)
        size += len(sentence)
    return "".join(parts)


def chat_body(model: str, user: str = TYPICAL_USER, stream: bool = False) -> dict:
    """Give an OpenAI chat completion request body."""
    body: dict = {
        "model": model,
        "messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}],
        "max_tokens": 256,
        "temperature": 0.2,
    }
    if stream:
        body["stream"] = True
        body["stream_options"] = {"include_usage": True}
    return body


def long_chat_body(model: str, tokens: int = 8000) -> dict:
    """Give a chat body whose user message is an ~`tokens`-token document followed by a question."""
    user = (
        long_prompt(tokens) + "\n\nGiven the notes above, list the three most important engineering topics."
    )
    return chat_body(model, user)


def messages_body(model: str, stream: bool = False) -> dict:
    """Give an Anthropic Messages request body equivalent to the typical chat body."""
    body: dict = {
        "model": model,
        "max_tokens": 256,
        "system": SYSTEM,
        "messages": [{"role": "user", "content": TYPICAL_USER}],
    }
    if stream:
        body["stream"] = True
    return body


def write_body(directory: str, name: str, body: dict) -> str:
    """Write a body as JSON into directory and give the file's path."""
    path = os.path.join(directory, f"{name}.json")
    with open(path, "wb") as handle:
        handle.write(orjson.dumps(body))
    return path
