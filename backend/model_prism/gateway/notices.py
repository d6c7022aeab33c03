"""Post-processing of answers: thinking stripped and the optional routed-model line (spec gateway §13.4)."""

from __future__ import annotations

from .context import RequestContext
from .thinking import strip_message


def routed_model_note(ctx: RequestContext) -> str:
    """Give the 'Model-Routing' line when the tenant wants it printed, else ''."""
    if not ctx.tenant.print_routed_model or ctx.target is None:
        return ""
    category = ctx.routing.category if ctx.routing is not None else None
    detail = f" (auto-routed, category: {category})" if ctx.is_auto and category else ""
    return f"\n\n---\n_Model-Routing: {ctx.target.model_id} selected{detail}_"


def post_process(ctx: RequestContext, body: dict) -> dict:
    """Give the chat body with thinking stripped (tenant setting) and the routed-model line appended."""
    note = routed_model_note(ctx)
    for choice in body.get("choices") or []:
        message = choice.get("message") or {}
        if ctx.tenant.strip_thinking:
            strip_message(message)
        if note and isinstance(message.get("content"), str) and message["content"]:
            message["content"] += note
    return body
