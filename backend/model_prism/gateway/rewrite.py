"""Builds the upstream body: system prompt assembly (spec gateway §11) and the served model id."""

from __future__ import annotations

from .context import RequestContext

GATEWAY_ONLY_FIELDS = ("endpoint",)


def _identity_note(ctx: RequestContext) -> str:
    decision = ctx.force_route
    if not (ctx.is_auto and decision is not None and decision.user_selected_model is None and decision.route):
        return ""
    requested = ctx.requested_model
    if requested.lower() in ("auto", "auto-prism", "model-prism") or requested == ctx.target.model_id:
        return ""
    return (
        "(Only if the user explicitly asks which model or assistant is answering: this request passed through the "
        f'Model Prism routing gateway; the caller originally addressed "{requested}" and the gateway chose the '
        "current model for this task. Otherwise ignore this note.)"
    )


def instruction_for(ctx: RequestContext) -> str:
    """Give tenant instruction + category prompt + identity note, joined; empty when there is nothing to add."""
    parts = [ctx.tenant.default_system_prompt or ""]
    if ctx.routing is not None and ctx.routing.system_prompt_for_category:
        parts.append(ctx.routing.system_prompt_for_category)
    parts.append(_identity_note(ctx))
    return "\n\n".join(p for p in parts if p)


def insert_instruction(messages: list, instruction: str) -> list:
    """Append to the last system message (a text part for list content), else prepend a system message."""
    if not instruction:
        return messages
    for i in range(len(messages) - 1, -1, -1):
        m = messages[i]
        if isinstance(m, dict) and m.get("role") in ("system", "developer"):
            content = m.get("content")
            if isinstance(content, str):
                if instruction in content:
                    return messages
                merged = {**m, "content": f"{content}\n\n{instruction}"}
            elif isinstance(content, list):
                merged = {**m, "content": [*content, {"type": "text", "text": instruction}]}
            else:
                merged = {**m, "content": instruction}
            return messages[:i] + [merged] + messages[i + 1 :]
    return [{"role": "system", "content": instruction}, *messages]


def build_upstream_body(ctx: RequestContext) -> RequestContext:
    """Give the body the adapter sends: the served model id, the assembled system prompt, no gateway-only fields."""
    body = {k: v for k, v in ctx.body.items() if k not in GATEWAY_ONLY_FIELDS}
    body["model"] = ctx.target.model_id
    body.pop("stream", None)
    body.pop("stream_options", None)
    instruction = ""
    is_fim = ctx.routing is not None and getattr(ctx.routing.signals, "is_fim_request", False)
    if ctx.endpoint == "/chat/completions" and not is_fim:
        instruction = instruction_for(ctx)
        body["messages"] = insert_instruction(list(body.get("messages") or []), instruction)
    return ctx.evolve("rewrite", {"instruction_chars": len(instruction)}, upstream_body=body)
