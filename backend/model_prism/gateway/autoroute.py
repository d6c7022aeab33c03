"""Routing stage: force-route decision, then the routing engine for auto (or force-routed) requests."""

from __future__ import annotations

import logging

from ..errors import GatewayError
from ..routing import RouteOptions, RoutingUnavailable, route_request
from ..routing.strictness import decide_force_route, tier_cap_exceeded
from ..routing.tiers import idx
from .context import RequestContext, Target
from .routing_env import RoutingEnvironments
from .sessions import SessionMemory

log = logging.getLogger(__name__)


def _unavailable(message: str) -> GatewayError:
    return GatewayError(message, status=503, type="routing_error", code="routing_unavailable")


def _target(ctx: RequestContext, provider_id: str | None, model_id: str) -> Target | None:
    providers = ctx.snapshot.tenant_providers(ctx.tenant)
    ordered = sorted(providers, key=lambda p: p.id != provider_id)
    for provider in ordered:
        m = provider.model(model_id)
        if m is not None and m.visible:
            return Target(provider, m, m.id)
    return None


def route(
    ctx: RequestContext, *, environments: RoutingEnvironments, sessions: SessionMemory | None = None
) -> RequestContext:
    """Decide force-routing; route auto requests (and force-routed ones) to a model and provider."""
    tenant = ctx.tenant
    settings = tenant.routing
    mode = settings.get("forceAutoRouteMode") or ("all" if settings.get("forceAutoRoute") else "off")
    token = settings.get("forceRouteOptOutToken", "--model-prism-accept-model") or ""
    decision = decide_force_route(dict(ctx.body), None if ctx.is_auto else ctx.model_id, mode, token)
    ctx = ctx.evolve(
        "force_route",
        {"mode": mode, "route": decision.route, "opted_out": decision.opted_out},
        body=decision.body,
        force_route=decision,
    )
    if not decision.route:
        return ctx
    if not tenant.routing_enabled:
        if ctx.is_auto:
            raise GatewayError(
                "Auto-routing is not enabled for this tenant; ask for a concrete model",
                status=400, type="invalid_request_error", code="model_not_found", param="model",
            )  # fmt: skip
        return ctx  # [FIX] force-routing with routing disabled serves the requested model instead of failing
    env = environments.for_tenant(ctx.snapshot, tenant)
    session = sessions.get(ctx.session_id) if sessions is not None and not ctx.session_generated else None
    opts = RouteOptions(
        prev_session_fill_pct=session.fill_pct if session else None,
        session_tier_floor=session.tier if session else None,
        session_sticky_model=session.model if session and sessions.warm(session) else None,
        budget_cost_mode=ctx.budget_cost_mode,
        quota_economy=ctx.quota_economy,
        strictness_mode=decision.strictness_mode,
        user_selected_model=decision.user_selected_model,
        force_route_mode=mode if not ctx.is_auto else None,
        force_route_opted_out=decision.opted_out,
    )
    try:
        result = route_request(dict(ctx.body), ctx.endpoint, env, opts)
    except RoutingUnavailable as exc:
        return _fallback(ctx, str(exc))
    model_id = result.model_id or settings.get("defaultModel")
    target = _target(ctx, result.provider_id, model_id) if model_id else None
    if target is None:
        return _fallback(ctx, f"routed model {model_id!r} is not available")
    if not ctx.is_auto:
        requested = env.visible_model(ctx.model_id)
        if requested is not None and tier_cap_exceeded(target.model.tier, requested.tier):
            keep = _target(ctx, requested.provider_id, requested.id)
            note = {"tier_cap": requested.id, "routed": target.model_id}
            return ctx.evolve(
                "route", note, routing=result, is_auto=True, model_id=requested.id, target=keep or target
            )
    note = {
        "category": result.category,
        "tier": result.cost_tier,
        "model": target.model_id,
        "selection_method": result.selection_method,
    }
    return ctx.evolve("route", note, routing=result, is_auto=True, model_id=target.model_id, target=target)


def _fallback(ctx: RequestContext, why: str) -> RequestContext:
    """No routing decision: the tenant's default model, else the cheapest routable model, else 503."""
    default = ctx.tenant.routing.get("defaultModel")
    target = _target(ctx, None, default) if default else None
    if target is None:
        options = [
            Target(p, m, m.id)
            for p in ctx.snapshot.tenant_providers(ctx.tenant)
            for m in p.models
            if m.visible and m.tier and "embeddings" not in m.capabilities
        ]
        if not options:
            if not ctx.is_auto:
                return ctx
            raise _unavailable(f"No model is available for routing ({why})")
        target = min(
            options,
            key=lambda t: ((t.model.input_per_1m or 0) + (t.model.output_per_1m or 0), idx(t.model.tier)),
        )
    log.warning("routing fallback for tenant %s: %s", ctx.tenant.slug, why)
    note = {
        "fallback": why,
        "model": target.model_id,
        "selection_method": "tenant_default" if target.model_id == default else "cheapest_available",
    }
    return ctx.evolve("route", note, is_auto=True, model_id=target.model_id, target=target)
