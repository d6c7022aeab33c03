"""The frozen snapshot routing works on: categories, rule set, tenant settings, candidates, ports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from model_prism.routing.categories import CategoryCatalog
from model_prism.routing.ports import LlmClassifierPort, LocalClassifierPort
from model_prism.routing.rulesets import RuleSet
from model_prism.routing.settings import TenantRoutingSettings


@dataclass(frozen=True)
class ModelCandidate:
    """A model on one of the tenant's providers that routing may pick (tier set, after policy)."""

    id: str
    provider_id: str
    tier: str
    provider_slug: str = ""
    context_window: int | None = None
    max_output: int | None = None
    input_per_1m: float | None = None
    output_per_1m: float | None = None
    priority: int = 50
    visible: bool = True
    capabilities: frozenset[str] = frozenset()
    benchmarks: Mapping[str, float] = field(default_factory=dict, hash=False, compare=False)

    def fits(self, tokens: int) -> bool:
        """Give True when the context window is unknown or holds `tokens`."""
        return not self.context_window or self.context_window >= tokens


@dataclass(frozen=True)
class RoutingEnvironment:
    """Everything route_request needs, frozen; built by the gateway from its in-memory snapshot."""

    categories: CategoryCatalog
    rule_set: RuleSet | None
    settings: TenantRoutingSettings
    models: tuple[ModelCandidate, ...] = ()
    llm_classifier: LlmClassifierPort | None = None
    local_classifier: LocalClassifierPort | None = None
    #: results derived from this frozen snapshot alone (e.g. ranked model lists), filled on first use;
    #: a copy made with dataclasses.replace starts empty
    memo: dict[Any, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    @classmethod
    def build(
        cls,
        *,
        categories: CategoryCatalog | None = None,
        rule_set: Mapping[str, Any] | RuleSet | None = None,
        tenant_routing: Mapping[str, Any] | None = None,
        models: tuple[ModelCandidate, ...] | list[ModelCandidate] = (),
        llm_classifier: LlmClassifierPort | None = None,
        local_classifier: LocalClassifierPort | None = None,
    ) -> RoutingEnvironment:
        """Give an environment from plain documents (rule-set dict, tenant `routing` dict)."""
        rs = RuleSet.from_dict(rule_set) if isinstance(rule_set, Mapping) else rule_set
        return cls(
            categories=categories or CategoryCatalog.builtin(),
            rule_set=rs,
            settings=TenantRoutingSettings.from_dict(tenant_routing),
            models=tuple(models),
            llm_classifier=llm_classifier,
            local_classifier=local_classifier,
        )

    def visible_model(self, model_id: str | None) -> ModelCandidate | None:
        """Give the first visible candidate with that id (provider order wins), or None."""
        if not model_id:
            return None
        bare = model_id.split("/", 1)[1] if "/" in model_id else model_id
        return next((m for m in self.models if m.visible and m.id in (model_id, bare)), None)


@dataclass(frozen=True)
class RouteOptions:
    """Per-request options (routing.md §2, plus the agent-session hints)."""

    budget_cost_mode: str | None = None
    quota_economy: bool = False
    prev_session_fill_pct: float | None = None
    user_selected_model: str | None = None
    strictness_mode: str | None = None
    dry_run: bool = False
    use_classifier: bool = False
    #: [DD] tier this tool-using session already used; the router never goes below it.
    session_tier_floor: str | None = None
    #: [DD] model to keep while the session's prompt cache is warm (gateway decides warmth).
    session_sticky_model: str | None = None
    #: [DD] force-route context for the debug record (from ForceRouteDecision).
    force_route_mode: str | None = None
    force_route_opted_out: bool = False
