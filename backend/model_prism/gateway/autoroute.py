"""Auto-routing stage: asks the routing engine for a model when the client asked for `auto`."""

from __future__ import annotations

from ..errors import GatewayError
from .context import RequestContext, Target
from .policy import model_allowed


def route_auto(ctx: RequestContext) -> RequestContext:
    """Choose the model for an auto request; until the full router is wired, the cheapest allowed visible model."""
    if not ctx.is_auto:
        return ctx
    tenant = ctx.tenant
    if not tenant.routing_enabled:
        raise GatewayError(
            "Auto-routing is not enabled for this tenant; ask for a concrete model",
            status=400,
            type="invalid_request_error",
            code="model_not_found",
            param="model",
        )
    providers = ctx.snapshot.tenant_providers(tenant)
    default = tenant.routing.get("defaultModel")
    candidates = [
        (p, m)
        for p in providers
        for m in p.models
        if m.visible and "embeddings" not in m.capabilities and model_allowed(tenant, m.id, p.slug)
    ]
    if not candidates:
        raise GatewayError(
            "No model is available for routing", status=503, type="routing_error", code="routing_unavailable"
        )
    chosen = next(((p, m) for p, m in candidates if m.id == default), None)
    chosen = chosen or min(
        candidates, key=lambda pm: ((pm[1].input_per_1m or 0) + (pm[1].output_per_1m or 0), -pm[1].priority)
    )
    provider, model = chosen
    note = {
        "selection_method": "tenant_default" if model.id == default else "cheapest_available",
        "model": model.id,
    }
    return ctx.evolve("route", note, model_id=model.id, target=Target(provider, model, model.id))
