"""Target provider resolution and max_tokens clamping (spec gateway §8.2, §8.7)."""

from __future__ import annotations

from ..errors import GatewayError
from ..snapshot.views import ModelView, ProviderView
from .context import RequestContext, Target
from .policy import model_allowed

TIER_ORDER = ("micro", "minimal", "low", "medium", "advanced", "high", "ultra", "critical")


def not_found(model_id: str) -> GatewayError:
    return GatewayError(
        f"No provider found for model '{model_id}'. The model may not exist, is hidden, or is not assigned to this "
        "tenant. Use model=auto for Model Prism's intelligent routing.",
        status=400,
        type="invalid_request_error",
        code="model_not_found",
        param="model",
    )


def find_model(
    providers: tuple[ProviderView, ...], model_id: str, *, visible_only: bool = True
) -> Target | None:
    """Give the first provider (assignment order) listing the model."""
    for p in providers:
        m = p.model(model_id)
        if m is not None and (m.visible or not visible_only):
            return Target(p, m, m.id)
    return None


def _hidden_substitute(providers, hidden: ModelView, tenant) -> Target | None:
    if hidden.tier not in TIER_ORDER:
        return None
    i = TIER_ORDER.index(hidden.tier)
    for tier in [hidden.tier] + [TIER_ORDER[j] for j in (i - 1, i + 1) if 0 <= j < len(TIER_ORDER)]:
        options = [
            (p, m)
            for p in providers
            for m in p.models
            if m.visible and m.tier == tier and model_allowed(tenant, m.id)
        ]
        if options:
            p, m = max(options, key=lambda pm: pm[1].priority)
            return Target(p, m, m.id)
    return None


def resolve_target(ctx: RequestContext) -> RequestContext:
    """Pick the provider and model that will serve the request."""
    if ctx.target is not None:
        return ctx
    providers = ctx.snapshot.tenant_providers(ctx.tenant)
    model_id, explicit = ctx.model_id, None
    if "/" in model_id:
        slug, bare = model_id.split("/", 1)
        explicit = next((p for p in providers if p.slug == slug), None)
        if explicit is not None:
            model_id = bare
    if explicit is not None:
        m = explicit.model(model_id)
        target = Target(explicit, m, model_id) if m is None or m.visible else None
    else:
        target = find_model(providers, model_id)
    if target is None:
        hidden = find_model(providers, model_id, visible_only=False)
        target = _hidden_substitute(providers, hidden.model, ctx.tenant) if hidden and hidden.model else None
    if target is None:
        raise not_found(ctx.model_id)
    note = {
        "provider": target.provider.slug,
        "model": target.model_id,
        "substituted": target.model_id != model_id,
    }
    return ctx.evolve("target", note, target=target)


def clamp_max_tokens(ctx: RequestContext) -> RequestContext:
    """Clamp max_tokens to the model's max output and to the context headroom; never below 1."""
    body = ctx.body
    field = "max_tokens" if body.get("max_tokens") is not None else "max_completion_tokens"
    requested = body.get(field)
    estimate = ctx.message_tokens(body.get("messages") or []) if ctx.endpoint == "/chat/completions" else 0
    model = ctx.target.model if ctx.target else None
    if requested is None or model is None:
        return ctx.evolve("max_tokens", {"requested": requested}, estimated_input_tokens=estimate)
    value = requested
    if model.max_output and value > model.max_output:
        value = model.max_output
    if model.context_window:
        headroom = model.context_window - estimate
        if headroom > 0 and value > headroom:
            value = headroom
    value = max(1, value)
    note = {"requested": requested, "clamped_to": value if value != requested else None}
    body = {**body, field: value} if value != requested else body
    return ctx.evolve("max_tokens", note, body=body, estimated_input_tokens=estimate)
