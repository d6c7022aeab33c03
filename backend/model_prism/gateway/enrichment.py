"""Response enrichment: cost_info, auto_routing and the x-model-prism-* receipt headers (spec gateway §15)."""

from __future__ import annotations

from .accounting import Accounting
from .context import RequestContext


def cost_info(ctx: RequestContext, acc: Accounting) -> dict:
    u, c = acc.usage, acc.costs.rounded()
    return {
        "model": ctx.target.model_id,
        "input_tokens": u.input_tokens,
        "output_tokens": u.output_tokens,
        "tokens_used": u.input_tokens + u.output_tokens,
        "cached_input_tokens": u.cached_input_tokens,
        "reasoning_tokens": u.reasoning_tokens,
        "actual_cost": c["actual_cost"],
        "cost_usd": c["actual_cost"],
        "baseline_model": c["baseline_model"],
        "baseline_cost": c["baseline_cost"],
        "saved": c["saved"],
        "routing_cost": c["routing_cost"],
    }


def auto_routing(ctx: RequestContext, acc: Accounting | None) -> dict | None:
    """Give the auto_routing object for auto-routed requests (None otherwise)."""
    if not ctx.is_auto:
        return None
    base = (
        dict(ctx.routing.auto_routing())
        if ctx.routing is not None and hasattr(ctx.routing, "auto_routing")
        else {}
    )
    route_note = next((dict(n) for s, n in ctx.notes if s == "route"), {})
    base.setdefault("selection_method", route_note.get("selection_method"))
    base.update(
        {
            "model_id": ctx.target.model_id,
            "selected_model": ctx.target.model_id,
            "provider": ctx.target.provider.slug,
        }
    )
    if acc is not None:
        c = acc.costs.rounded()
        base.update(
            {
                "cost_usd": c["actual_cost"],
                "baseline_model": c["baseline_model"],
                "baseline_cost_usd": c["baseline_cost"],
                "saved_usd": c["saved"],
            }
        )
    return base


def enrich_body(ctx: RequestContext, body: dict, acc: Accounting) -> dict:
    """Give the client body with our extra top-level fields (OpenAI SDKs ignore unknown fields)."""
    body["model"] = ctx.target.model_id
    body["cost_info"] = cost_info(ctx, acc)
    routing = auto_routing(ctx, acc)
    if routing is not None:
        body["auto_routing"] = routing
    if ctx.dispatch is not None and ctx.dispatch.context_fallback:
        body["context_fallback"] = ctx.dispatch.context_fallback
    elif ctx.preflight:
        body["context_fallback"] = dict(ctx.preflight)
    body["session_id"] = ctx.session_id
    return body


def receipt_headers(ctx: RequestContext, acc: Accounting | None = None) -> dict[str, str]:
    """Give the x-model-prism-* headers; cost headers only when the cost is known before the body is sent."""
    headers = {"x-request-id": ctx.request_id}
    if ctx.session_id:
        headers["x-session-id"] = ctx.session_id
    if ctx.target is None:
        return headers
    headers["x-model-prism-model"] = ctx.target.model_id
    headers["x-model-prism-provider"] = ctx.target.provider.slug
    routing = auto_routing(ctx, None) or {}
    for key, header in (("category", "category"), ("cost_tier", "tier"), ("confidence", "confidence")):
        if routing.get(key) is not None:
            headers[f"x-model-prism-{header}"] = str(routing[key])
    if ctx.is_auto and ctx.target.model and ctx.target.model.tier and "x-model-prism-tier" not in headers:
        headers["x-model-prism-tier"] = ctx.target.model.tier
    if acc is not None:
        c = acc.costs.rounded()
        headers["x-model-prism-cost"] = f"{c['actual_cost']:.6f}"
        headers["x-model-prism-baseline-cost"] = f"{c['baseline_cost']:.6f}"
    return headers
