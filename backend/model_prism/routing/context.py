"""The frozen routing context that every stage takes and returns (one trace note per stage)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from model_prism.routing.environment import RouteOptions, RoutingEnvironment
from model_prism.routing.ports import LocalVerdict
from model_prism.routing.rulesets import PreRouting
from model_prism.routing.signals import Signals
from model_prism.routing.trace import TraceEntry, evolve_dataclass


@dataclass(frozen=True)
class ClassifierUsage:
    """Tokens, model and cost spent on LLM classification for this request."""

    model: str | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0


@dataclass(frozen=True)
class RoutingContext:
    """Everything known about one routing decision so far; stages return evolved copies."""

    request: dict[str, Any]
    endpoint: str
    env: RoutingEnvironment
    opts: RouteOptions
    started: float = 0.0
    signals: Signals = Signals()
    pre: PreRouting | None = None
    local: LocalVerdict | None = None
    local_status: str = "not_run"
    # decision (routing.md §11)
    category: str | None = None
    confidence: float = 0.0
    complexity: str = "simple"
    cost_tier: str | None = None
    domain: str | None = None
    language: str = "en"
    estimated_output_length: str = "medium"
    user_frustration_signal: bool = False
    reason: str = ""
    pre_routed: bool = False
    decided_by: str = ""  # fim | rules | local | llm | token_fallback | strictness
    recommended_model: str | None = None
    classifier_usage: ClassifierUsage = ClassifierUsage()
    classifier_called: bool = False
    labels: tuple[str, ...] = ()
    tier_progression: tuple[tuple[str, str | None], ...] = ()
    # selection
    model_id: str | None = None
    provider_id: str | None = None
    selection_method: str | None = None
    classifier_stage_model: str | None = None
    done: bool = False
    trace: tuple[TraceEntry, ...] = field(default_factory=tuple)

    def evolve(
        self, stage: str, note: dict[str, Any], changed: bool | None = None, **changes: Any
    ) -> RoutingContext:
        """Give a copy with `changes` applied and the stage's note appended to the trace."""
        return evolve_dataclass(self, stage, note, changed, **changes)

    def evolve_called(self) -> RoutingContext:
        """Give a copy marked as having called the LLM classifier."""
        new = object.__new__(RoutingContext)
        new.__dict__.update(self.__dict__, classifier_called=True)
        return new

    def with_label(self, label: str) -> tuple[str, ...]:
        """Give the override labels with one more label appended."""
        return (*self.labels, label)

    def progressed(self, step: str, tier: str | None = None) -> tuple[tuple[str, str | None], ...]:
        """Give the tier progression with `step` recorded at the given (or current) tier."""
        return (*self.tier_progression, (step, tier if tier is not None else self.cost_tier))
