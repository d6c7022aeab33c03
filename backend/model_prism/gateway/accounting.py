"""Usage and cost of one served request, with one rule for the response body, the headers and the log."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ..analytics.costs import (
    FALLBACK_BASELINE_MODEL,
    CostBreakdown,
    Prices,
    Usage,
    breakdown,
    cost_usd,
    resolve_prices,
)
from ..providers.pricing import default_prices
from .context import RequestContext, is_auto_model
from .target import find_model


def usage_from(raw: dict | None) -> Usage:
    """Give token usage from an OpenAI usage object, including cached-input and reasoning details."""
    raw = raw or {}
    cached = ((raw.get("prompt_tokens_details") or {}).get("cached_tokens")) or 0
    reasoning = ((raw.get("completion_tokens_details") or {}).get("reasoning_tokens")) or 0
    return Usage(
        int(raw.get("prompt_tokens") or 0),
        int(raw.get("completion_tokens") or 0),
        int(cached),
        int(reasoning),
    )


def _prices(ctx: RequestContext, model_id: str) -> Prices | None:
    target = find_model(ctx.snapshot.tenant_providers(ctx.tenant), model_id, visible_only=False)
    model = target.model if target else None
    provider_prices = (
        Prices(model.input_per_1m, model.output_per_1m or 0.0, model.cached_input_per_1m)
        if model is not None and model.input_per_1m is not None
        else None
    )
    return resolve_prices(
        model_id, tenant_pricing=ctx.tenant.pricing, provider_prices=provider_prices, defaults=registry_prices
    )


@functools.lru_cache(maxsize=4096)
def registry_prices(model_id: str) -> Prices | None:
    """Give the pricing-defaults/registry prices of a model (the baseline model is often on no provider)."""
    found = default_prices(model_id)
    return Prices(*found) if found else None


def baseline_model(ctx: RequestContext) -> str:
    """Give the model savings are measured against: the concrete model the client asked for (also when it was
    force-routed), else the tenant's baseline model, else the representative fallback."""
    if not is_auto_model(ctx.requested_model):
        return ctx.requested_model.split("/", 1)[-1] if "/" in ctx.requested_model else ctx.requested_model
    return ctx.tenant.routing.get("baselineModel") or FALLBACK_BASELINE_MODEL


@dataclass(frozen=True)
class Accounting:
    usage: Usage
    costs: CostBreakdown
    response_text: str | None = None  # for the response snapshot (prompt logging) only
    finish_reason: str | None = None


def served_model_cost(ctx: RequestContext, usage: Usage) -> float:
    """Give the cost of `usage` on the served model: the actual cost of a request without routing cost."""
    return cost_usd(_prices(ctx, ctx.target.model_id), usage)


def account(ctx: RequestContext, usage: Usage, routing_cost: float = 0.0) -> Accounting:
    """Give the usage with actual, baseline and saved costs for the served request."""
    model_cost = served_model_cost(ctx, usage)
    auto = ctx.is_auto
    base_model = baseline_model(ctx) if auto else ctx.target.model_id
    base_prices = _prices(ctx, base_model) if auto else None
    base_cost = cost_usd(base_prices, usage) if base_prices is not None else None
    return Accounting(
        usage,
        breakdown(
            model_cost=model_cost,
            routing_cost=routing_cost,
            auto_routed=auto,
            baseline_model=base_model,
            baseline_cost=base_cost,
        ),
    )
