"""Cost of a request from prices per 1M tokens, and savings against a baseline model."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

FALLBACK_BASELINE_MODEL = "claude-sonnet-4-5"


@dataclass(frozen=True)
class Prices:
    input: float
    output: float
    cached_input: float | None = None


@dataclass(frozen=True)
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    cached_input_tokens: int = 0
    reasoning_tokens: int = 0


PriceLookup = Callable[[str], Prices | None]


def resolve_prices(
    model_id: str,
    *,
    tenant_pricing: Mapping[str, Mapping[str, float]] | None = None,
    provider_prices: Prices | None = None,
    defaults: PriceLookup | None = None,
) -> Prices | None:
    """Give the first known prices: tenant override → serving provider → defaults/registry → None."""
    override = (tenant_pricing or {}).get(model_id)
    if override and override.get("input") is not None:
        return Prices(
            float(override.get("input") or 0), float(override.get("output") or 0), override.get("cachedInput")
        )
    if provider_prices is not None:
        return provider_prices
    return defaults(model_id) if defaults else None


def cost_usd(prices: Prices | None, usage: Usage) -> float:
    """Give the cost in USD. Cached input is billed at the cached price where one is known; reasoning tokens
    are part of the output tokens providers report, so they are not added a second time."""
    if prices is None:
        return 0.0
    cached = min(usage.cached_input_tokens, usage.input_tokens)
    fresh = usage.input_tokens - cached
    cached_price = prices.cached_input if prices.cached_input is not None else prices.input
    return (fresh * prices.input + cached * cached_price + usage.output_tokens * prices.output) / 1_000_000


@dataclass(frozen=True)
class CostBreakdown:
    actual: float
    baseline: float
    saved: float
    baseline_model: str
    routing_cost: float

    def rounded(self) -> dict:
        return {
            "actual_cost": round(self.actual, 6),
            "baseline_cost": round(self.baseline, 6),
            "saved": round(self.saved, 6),
            "baseline_model": self.baseline_model,
            "routing_cost": round(self.routing_cost, 6),
        }


def breakdown(
    *,
    model_cost: float,
    routing_cost: float,
    auto_routed: bool,
    baseline_model: str,
    baseline_cost: float | None,
) -> CostBreakdown:
    """Give actual, baseline and saved with one rule for the response and the log (spec analytics §2)."""
    actual = model_cost + (routing_cost if auto_routed else 0.0)
    if not auto_routed or baseline_cost is None:
        return CostBreakdown(actual, actual, 0.0, baseline_model, routing_cost if auto_routed else 0.0)
    return CostBreakdown(actual, baseline_cost, baseline_cost - actual, baseline_model, routing_cost)
