"""The evaluation environment: a catalog from the model registry data, no database needed."""

from __future__ import annotations

from model_prism.routing import seeds
from model_prism.routing.categories import CategoryCatalog
from model_prism.routing.environment import ModelCandidate, RoutingEnvironment
from model_prism.routing.local_classifier import LocalClassifier

EVAL_TENANT_ROUTING = {
    "enabled": True,
    "baselineModel": "claude-sonnet-4-6",
    "overrides": seeds.rule_set_seed("defaultTenant")["routing"]["overrides"],
}


def registry_candidates() -> tuple[ModelCandidate, ...]:
    """Give one candidate per registry model, all on a single pretend provider `registry`."""
    return tuple(
        ModelCandidate(
            id=m["id"],
            provider_id="registry",
            provider_slug="registry",
            tier=m["tier"],
            context_window=m.get("contextWindow"),
            max_output=m.get("maxOutputTokens"),
            input_per_1m=m.get("inputPer1M"),
            output_per_1m=m.get("outputPer1M"),
            priority=int(m.get("priority") or 50),
            benchmarks=dict(m.get("benchmarks") or {}),
        )  # fmt: skip
        for m in seeds.eval_catalog()
        if m.get("tier")
    )


def build_local_classifier(mode: str = "auto") -> tuple[LocalClassifier | None, str]:
    """Give (local classifier, status) for mode none / lexical / auto (auto adds embeddings when loadable)."""
    if mode == "none":
        return None, "off"
    if mode == "lexical":
        return LocalClassifier(), "lexical cues only"
    from model_prism.routing.embedding import ExampleIndex, load_wordllama

    embedder, status = load_wordllama()
    if embedder is None:
        return LocalClassifier(), f"lexical cues only (embedding unavailable: {status})"
    return LocalClassifier(examples=ExampleIndex(embedder)), f"lexical cues + embedding ({status})"


def default_eval_environment(local: str = "auto") -> tuple[RoutingEnvironment, str]:
    """Give (environment, local-classifier status): built-in categories, default rule set, registry models."""
    classifier, status = build_local_classifier(local)
    env = RoutingEnvironment.build(
        categories=CategoryCatalog.builtin(),
        rule_set=seeds.startup_rule_set(),
        tenant_routing=EVAL_TENANT_ROUTING,
        models=registry_candidates(),
        local_classifier=classifier,
    )
    return env, status
