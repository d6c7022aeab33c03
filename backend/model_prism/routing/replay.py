"""Replay: re-route stored requests under a candidate configuration and report what would change.

Both configurations run the same dry-run pipeline (no LLM call unless `use_classifier`); costs are
estimated from each chosen model's prices and the logged token counts (issue 5, point 6).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from model_prism.routing.environment import RouteOptions, RoutingEnvironment
from model_prism.routing.errors import RoutingUnavailable
from model_prism.routing.pipeline import route_request


@dataclass(frozen=True)
class ReplayItem:
    """One logged request with its stored prompt."""

    request_id: str
    request: dict[str, Any]
    endpoint: str = "/chat/completions"
    input_tokens: int | None = None
    output_tokens: int | None = None


@dataclass(frozen=True)
class ReplayChange:
    """A request whose model, tier or category differs under the candidate configuration."""

    request_id: str
    current: dict[str, Any]
    candidate: dict[str, Any]
    cost_delta_usd: float


@dataclass(frozen=True)
class ReplayReport:
    """What a candidate configuration would have changed over the replayed requests."""

    replayed: int
    model_changes: int
    category_changes: int
    tier_changes: int
    cost_current_usd: float
    cost_candidate_usd: float
    changes: tuple[ReplayChange, ...]

    def to_dict(self) -> dict[str, Any]:
        """Give the JSON view (changes capped at 100)."""
        return {
            "replayed": self.replayed, "modelChanges": self.model_changes, "categoryChanges": self.category_changes,
            "tierChanges": self.tier_changes, "costCurrentUsd": round(self.cost_current_usd, 6),
            "costCandidateUsd": round(self.cost_candidate_usd, 6),
            "costDeltaUsd": round(self.cost_candidate_usd - self.cost_current_usd, 6),
            "changes": [{"requestId": c.request_id, "current": c.current, "candidate": c.candidate,
                         "costDeltaUsd": round(c.cost_delta_usd, 6)} for c in self.changes[:100]],
        }  # fmt: skip


def _decide(item: ReplayItem, env: RoutingEnvironment, use_classifier: bool) -> dict[str, Any]:
    try:
        r = route_request(
            item.request, item.endpoint, env, RouteOptions(dry_run=True, use_classifier=use_classifier)
        )
    except RoutingUnavailable:
        return {"model": None, "tier": None, "category": None, "cost": 0.0}
    m = env.visible_model(r.model_id)
    t_in = item.input_tokens if item.input_tokens is not None else r.signals.total_tokens
    t_out = item.output_tokens if item.output_tokens is not None else 400
    cost = (t_in * ((m.input_per_1m or 0) if m else 0) + t_out * ((m.output_per_1m or 0) if m else 0)) / 1e6
    return {
        "model": r.model_id,
        "tier": r.cost_tier,
        "category": r.category,
        "cost": cost + r.routing_cost_usd,
    }


def replay(
    items: Iterable[ReplayItem],
    current: RoutingEnvironment,
    candidate: RoutingEnvironment,
    use_classifier: bool = False,
) -> ReplayReport:
    """Give the report of routing every item under both environments."""
    changes: list[ReplayChange] = []
    n = models = cats = tiers = 0
    cost_a = cost_b = 0.0
    for item in items:
        a, b = _decide(item, current, use_classifier), _decide(item, candidate, use_classifier)
        n += 1
        cost_a, cost_b = cost_a + a["cost"], cost_b + b["cost"]
        models += a["model"] != b["model"]
        cats += a["category"] != b["category"]
        tiers += a["tier"] != b["tier"]
        if (a["model"], a["tier"], a["category"]) != (b["model"], b["tier"], b["category"]):
            changes.append(ReplayChange(item.request_id, a, b, b["cost"] - a["cost"]))
    return ReplayReport(n, models, cats, tiers, cost_a, cost_b, tuple(changes))
