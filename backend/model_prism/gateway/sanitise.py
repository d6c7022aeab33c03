"""Message sanitisation and parameter hygiene before any provider call (spec gateway §10, §12). Never fails."""

from __future__ import annotations

import logging

from .context import RequestContext

log = logging.getLogger(__name__)
REASONING_EFFORTS = frozenset({"low", "medium", "high"})


def _clean_content(content):
    if not isinstance(content, list):
        return content
    parts = []
    for part in content:
        if isinstance(part, dict) and part.get("type") in ("input_text", "output_text"):
            part = {**part, "type": "text"}
        if isinstance(part, dict) and part.get("type") == "text" and not str(part.get("text") or "").strip():
            continue
        parts.append(part)
    only = parts[0] if len(parts) == 1 and isinstance(parts[0], dict) else None
    if (
        only is not None and only.get("type") == "text" and "cache_control" not in only
    ):  # keep prompt-cache marks
        return parts[0].get("text", "")
    return parts


def _drop_orphan_tool_calls(messages: list) -> list:
    out = []
    for i, m in enumerate(messages):
        if m.get("role") == "assistant" and m.get("tool_calls"):
            answered = set()
            for follower in messages[i + 1 :]:
                if follower.get("role") != "tool":
                    break
                answered.add(follower.get("tool_call_id"))
            calls = [c for c in m["tool_calls"] if isinstance(c, dict) and c.get("id") in answered]
            m = {**m, "tool_calls": calls} if calls else {k: v for k, v in m.items() if k != "tool_calls"}
            if not calls and not m.get("content"):
                m["content"] = "."
        out.append(m)
    return out


def sanitise_messages(body: dict) -> dict:
    """Give the body with messages and tools cleaned so strict providers accept them."""
    messages = [dict(m) for m in body.get("messages") or [] if isinstance(m, dict)]
    for m in messages:
        m["content"] = _clean_content(m.get("content"))
        if m.get("role") == "assistant" and not m.get("content") and not m.get("tool_calls"):
            m["content"] = "."
    tools = body.get("tools")
    if isinstance(tools, list):
        seen, unique = set(), []
        for tool in tools:
            name = ((tool or {}).get("function") or {}).get("name") or (tool or {}).get("name")
            if name not in seen:
                seen.add(name)
                unique.append(tool)
        body["tools"] = unique
    if not tools:
        messages = [m for m in messages if m.get("role") != "tool"]
    messages = _drop_orphan_tool_calls(messages)
    first = next((i for i, m in enumerate(messages) if m.get("role") not in ("system", "developer")), None)
    if first is not None and messages[first].get("role") == "assistant":
        messages.insert(first, {"role": "user", "content": "."})
    body["messages"] = messages
    return body


def hygiene(body: dict, *, is_fim: bool) -> dict:
    """Drop invalid reasoning_effort; for FIM requests remove reasoning switches and ask Qwen-style models not to think."""
    if body.get("reasoning_effort") is not None and body.get("reasoning_effort") not in REASONING_EFFORTS:
        body.pop("reasoning_effort")
    if is_fim:
        for key in ("thinking", "reasoning_effort", "reasoning"):
            body.pop(key, None)
        messages = body.get("messages")
        if isinstance(messages, list):
            system = next((m for m in messages if m.get("role") == "system"), None)
            if system is None:
                messages.insert(0, {"role": "system", "content": "/no_think"})
            elif isinstance(system.get("content"), str) and "/no_think" not in system["content"]:
                system["content"] += "\n/no_think"
    return body


def sanitise(ctx: RequestContext) -> RequestContext:
    """Stage: clean the upstream body (chat only); on any internal error keep the body as it was."""
    if ctx.endpoint != "/chat/completions" or ctx.upstream_body is None:
        return ctx
    is_fim = bool(ctx.routing is not None and getattr(ctx.routing.signals, "is_fim_request", False))
    try:  # a shallow copy is enough: every message, list and part that changes is rebuilt, never edited in place
        body = hygiene(sanitise_messages(dict(ctx.upstream_body)), is_fim=is_fim)
    except Exception:  # noqa: BLE001 - sanitisation never fails a request
        log.exception("message sanitisation failed; sending the request as it was")
        return ctx
    return ctx.evolve("sanitise", {"messages": len(body.get("messages") or [])}, upstream_body=body)
