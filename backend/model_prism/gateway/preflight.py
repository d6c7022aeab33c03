"""Context pre-flight (spec gateway §8.4): before the call, a request near or over the model's window moves to a
model with a larger window, else its oldest messages are dropped to fit."""

from __future__ import annotations

from .context import RequestContext, Target
from .context_window import find_larger_context_model, truncate
from .policy import model_allowed

TRIGGER = 0.90  # the estimator can under-count by about 5 %


def make_preflight(learned: dict[tuple[str, str], int]):
    """Give the stage, reading windows learned from overflow errors in this process."""

    def preflight(ctx: RequestContext) -> RequestContext:
        model = ctx.target.model if ctx.target else None
        messages = ctx.body.get("messages")
        if ctx.endpoint != "/chat/completions" or model is None or not isinstance(messages, list):
            return ctx
        window = learned.get((ctx.target.provider.id, model.id)) or model.context_window
        if not window:
            return ctx
        max_tokens = ctx.body.get("max_tokens") or ctx.body.get("max_completion_tokens") or 4096
        used = ctx.message_tokens(messages)
        if used + max_tokens <= window and used / window < TRIGGER:
            return ctx
        providers = ctx.snapshot.tenant_providers(ctx.tenant)
        larger = find_larger_context_model(providers, model, lambda m: model_allowed(ctx.tenant, m.id))
        if larger is not None:
            provider, bigger = larger
            note = {"estimate": used, "window": window, "switched_to": bigger.id}
            fallback = {"original_model": model.id, "fallback_model": bigger.id, "reason": "preflight"}
            return ctx.evolve(
                "preflight",
                note,
                target=Target(provider, bigger, bigger.id),
                model_id=bigger.id,
                preflight=fallback,
            )
        trimmed, dropped = truncate(messages, window, max_tokens)
        note = {"estimate": used, "window": window, "truncated": dropped}
        return (
            ctx.evolve("preflight", note, body={**ctx.body, "messages": trimmed})
            if dropped
            else ctx.evolve("preflight", note)
        )

    return preflight
