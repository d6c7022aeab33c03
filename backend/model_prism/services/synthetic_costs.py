"""Estimated cost of a dry-run decision against the tenant's baseline model (prices per 1M tokens)."""

from __future__ import annotations

from ..analytics.costs import FALLBACK_BASELINE_MODEL, Prices, Usage, cost_usd, resolve_prices
from ..gateway.target import find_model
from ..providers.pricing import default_prices
from ..routing import RoutingResult

#: [DD] dry runs have no answer; a typical chat answer length stands in for the output tokens.
ASSUMED_OUTPUT_TOKENS = 400


def _defaults(model_id: str) -> Prices | None:
    found = default_prices(model_id)
    return Prices(found[0], found[1], found[2]) if found else None


def prices(snapshot, tenant, model_id: str | None) -> Prices | None:
    """Give the model's prices as billing would resolve them for this tenant (None when unknown)."""
    if not model_id:
        return None
    target = find_model(snapshot.tenant_providers(tenant), model_id, visible_only=False)
    m = target.model if target else None
    provider = (
        Prices(m.input_per_1m, m.output_per_1m or 0.0, m.cached_input_per_1m)
        if m and m.input_per_1m is not None
        else None
    )
    return resolve_prices(
        model_id, tenant_pricing=tenant.pricing, provider_prices=provider, defaults=_defaults
    )


def estimate(snapshot, tenant, result: RoutingResult) -> dict:
    """Give {inputTokens, estimatedCostUsd, baselineModel, baselineCostUsd} for one decision."""
    usage = Usage(result.signals.total_tokens, ASSUMED_OUTPUT_TOKENS)
    baseline = tenant.routing.get("baselineModel") or FALLBACK_BASELINE_MODEL
    base_prices = prices(snapshot, tenant, baseline)
    return {"inputTokens": usage.input_tokens,
            "estimatedCostUsd": round(cost_usd(prices(snapshot, tenant, result.model_id), usage)
                                      + result.routing_cost_usd, 8),
            "baselineModel": baseline,
            "baselineCostUsd": round(cost_usd(base_prices, usage), 8) if base_prices else None}  # fmt: skip
