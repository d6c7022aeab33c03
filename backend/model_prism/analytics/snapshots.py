"""Prompt and response snapshots for tenants that enabled prompt logging (texts sealed with AES-GCM)."""

from __future__ import annotations

import hashlib
import re

import orjson

from ..auth.secrets import SecretBox
from ..gateway.tokens import message_text

_TOOLISH = re.compile(r"^(Output: \(|/repos/|\$ |```|<environment_details>|<ide_)", re.MULTILINE)


def _is_human(message: dict) -> bool:
    content = message.get("content")
    if message.get("tool_call_id"):
        return False
    if isinstance(content, list) and any(
        isinstance(p, dict) and p.get("type") in ("tool_result", "tool_use") for p in content
    ):
        return False
    text = message_text(content)
    return (
        bool(text.strip())
        and not _TOOLISH.match(text.lstrip())
        and max((len(x) for x in text.splitlines()), default=0) <= 500
    )


def prompt_snapshot(messages: list, level: str, box: SecretBox) -> dict:
    """Give {systemPrompt, lastUserMessage, messageCount[, messages]} with every text sealed."""
    system = next(
        (message_text(m.get("content")) for m in messages if m.get("role") in ("system", "developer")), ""
    )
    users = [m for m in messages if m.get("role") == "user"]
    human = next((m for m in users if _is_human(m)), users[-1] if users else None)
    snap = {
        "systemPrompt": box.seal(system[:2000]) if system else None,
        "lastUserMessage": box.seal(message_text(human.get("content"))[:4000]) if human else None,
        "messageCount": len(messages),
    }
    if level == "full":
        snap["messages"] = [
            {"role": m.get("role"), "content": box.seal(message_text(m.get("content"))[:8000])}
            for m in messages
        ]
    return snap


def response_snapshot(text: str | None, finish_reason: str | None, box: SecretBox) -> dict | None:
    if text is None:
        return None
    return {"content": box.seal(text[:4000]), "finishReason": finish_reason}


def system_prompt_hash(messages: list) -> str | None:
    """Give the first 8 hex of SHA-256 of the system content (groups requests of the same agent)."""
    for m in messages:
        if m.get("role") in ("system", "developer"):
            content = m.get("content")
            raw = content if isinstance(content, str) else orjson.dumps(content).decode()
            return hashlib.sha256(raw.encode()).hexdigest()[:8]
    return None
