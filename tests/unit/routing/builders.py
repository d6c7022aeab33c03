"""Shared builders for routing unit tests: a small model catalog, environments and in-memory ports."""

from __future__ import annotations

from typing import Any

from model_prism.routing import seeds
from model_prism.routing.categories import CategoryCatalog
from model_prism.routing.environment import ModelCandidate, RoutingEnvironment
from model_prism.routing.local_classifier import LocalClassifier
from model_prism.routing.twins import ScriptedLlmClassifier

BENCH = {"intelligence": 80, "coding": 80, "math": 70, "speed": 60}


def model(mid: str, tier: str, price: float = 1.0, window: int | None = 128000, **kw: Any) -> ModelCandidate:
    """Give a candidate on provider p1 with symmetric prices."""
    return ModelCandidate(
        id=mid, provider_id=kw.pop("provider_id", "p1"), provider_slug="prov", tier=tier, context_window=window,
        input_per_1m=price, output_per_1m=price, benchmarks=kw.pop("benchmarks", BENCH), **kw,
    )  # fmt: skip


MODELS = (
    model("tiny-fim", "micro", 0.05),
    model("nano", "minimal", 0.1),
    model("small", "low", 0.3),
    model("mid", "medium", 1.0),
    model("adv", "advanced", 2.0),
    model("big", "high", 5.0),
    model("huge", "ultra", 15.0),
    model("max", "critical", 20.0),
)


ScriptedClassifier = ScriptedLlmClassifier

CLASSIFIER_ROUTING = {"enabled": True, "classifierModel": "judge", "classifierProvider": "p9"}


def make_env(
    *,
    models: tuple[ModelCandidate, ...] = MODELS,
    rule_set: dict | None | str = "startup",
    routing: dict | None = None,
    local: bool = True,
    llm: ScriptedLlmClassifier | None = None,
    categories: CategoryCatalog | None = None,
) -> RoutingEnvironment:
    """Give an environment with the built-in categories and (by default) the startup rule set."""
    rs = seeds.startup_rule_set() if rule_set == "startup" else rule_set
    return RoutingEnvironment.build(
        categories=categories or CategoryCatalog.builtin(),
        rule_set=rs,
        tenant_routing={"enabled": True, **(routing or {})},
        models=models,
        llm_classifier=llm,
        local_classifier=LocalClassifier() if local else None,
    )


def chat(text: str, system: str | None = None, **extra: Any) -> dict[str, Any]:
    """Give a chat request body with an optional system prompt."""
    msgs = ([{"role": "system", "content": system}] if system else []) + [{"role": "user", "content": text}]
    return {"messages": msgs, **extra}
