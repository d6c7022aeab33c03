"""Builds the upstream body: parameter hygiene and system prompt assembly (spec gateway §10–§12)."""

from __future__ import annotations

from .context import RequestContext

# Fields that are ours, not the provider's.
GATEWAY_ONLY_FIELDS = ("endpoint",)


def _system_additions(ctx: RequestContext) -> list[str]:
    parts = []
    if ctx.tenant.default_system_prompt:
        parts.append(ctx.tenant.default_system_prompt)
    category_prompt = getattr(ctx.routing, "system_prompt_for_category", None) if ctx.routing else None
    if category_prompt:
        parts.append(category_prompt)
    return parts


def _with_system(messages: list, additions: list[str]) -> list:
    if not additions:
        return messages
    text = "\n\n".join(additions)
    for i, m in enumerate(messages):
        if (
            isinstance(m, dict)
            and m.get("role") in ("system", "developer")
            and isinstance(m.get("content"), str)
        ):
            merged = {**m, "content": f"{m['content']}\n\n{text}"}
            return messages[:i] + [merged] + messages[i + 1 :]
    return [{"role": "system", "content": text}] + list(messages)


def build_upstream_body(ctx: RequestContext) -> RequestContext:
    """Give the body the adapter sends: the served model id, the assembled system prompt, no gateway-only fields."""
    body = {k: v for k, v in ctx.body.items() if k not in GATEWAY_ONLY_FIELDS}
    body["model"] = ctx.target.model_id
    additions: list[str] = []
    if ctx.endpoint == "/chat/completions":
        additions = _system_additions(ctx)
        body["messages"] = _with_system(list(body.get("messages") or []), additions)
    body.pop("stream", None)
    body.pop("stream_options", None)
    return ctx.evolve("rewrite", {"system_prompt_parts": len(additions)}, upstream_body=body)
