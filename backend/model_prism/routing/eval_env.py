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


def build_local_classifier(mode: str = "auto") -> LocalClassifier | None:
    """Give the local classifier for mode none / lexical / auto (auto adds embeddings when WordLlama loads).

    Build it once per process and reuse it across snapshot refreshes: loading WordLlama takes ~0.5 s,
    and its example index rebuilds by itself when category examples change. `.name` says what it runs.
    """
    if mode == "none":
        return None
    if mode == "lexical":
        return LocalClassifier(name="lexical cues only")
    from model_prism.routing.embedding import ExampleIndex, load_wordllama

    embedder, status = load_wordllama()
    if embedder is None:
        return LocalClassifier(name=f"lexical cues only (embedding unavailable: {status})")
    return LocalClassifier(examples=ExampleIndex(embedder), name=f"lexical cues + embedding ({status})")


def local_status(env: RoutingEnvironment) -> str:
    """Give a one-line description of the environment's local classifier."""
    return getattr(env.local_classifier, "name", "off") if env.local_classifier else "off"


def default_eval_environment(local: str = "auto") -> RoutingEnvironment:
    """Give an environment with the built-in categories, the default rule set and the registry models."""
    classifier = build_local_classifier(local)
    return RoutingEnvironment.build(
        categories=CategoryCatalog.builtin(),
        rule_set=seeds.startup_rule_set(),
        tenant_routing=EVAL_TENANT_ROUTING,
        models=registry_candidates(),
        local_classifier=classifier,
    )
