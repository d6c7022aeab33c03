"""Request identity: user, session id and client IP (spec gateway §6)."""

from __future__ import annotations

import hashlib
import uuid

import orjson

from .context import RequestContext


def _system_text(messages: list) -> str | None:
    for m in messages:
        if isinstance(m, dict) and m.get("role") in ("system", "developer"):
            c = m.get("content")
            return c if isinstance(c, str) else orjson.dumps(c).decode()
    return None


def stable_session_id(headers, body, slug: str) -> str | None:
    """Give the session id a later request of the same session will carry: the header, or the agent-chat id
    derived from the system prompt when the chat has more than one user turn; None for a one-shot request."""
    explicit = headers.get("x-session-id")
    if explicit:
        return explicit[:200]
    messages = body.get("messages") or []
    system = _system_text(messages)
    users = sum(1 for m in messages if isinstance(m, dict) and m.get("role") == "user")
    if system is not None and users > 1:
        return f"sp-{hashlib.sha256(system.encode()).hexdigest()[:16]}-{slug}"
    return None


def identify(ctx: RequestContext) -> RequestContext:
    """Attach the user name and session id (marked generated when it is a fresh UUID that no later request
    will carry, so the per-worker session memory neither looks it up nor keeps it)."""
    user = ctx.headers.get("x-user") or ctx.headers.get("x-openwebui-user-name") or ctx.body.get("user")
    user = user[:200] if isinstance(user, str) else None
    stable = stable_session_id(ctx.headers, ctx.body, ctx.tenant.slug if ctx.tenant else ctx.slug)
    session = stable or str(uuid.uuid4())
    return ctx.evolve(
        "identity",
        {"user": user, "session_id": session},
        user=user,
        session_id=session,
        session_generated=stable is None,
    )
