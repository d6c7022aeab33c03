"""Builds the routing engine's frozen environment from the worker's snapshot, cached per snapshot version."""

from __future__ import annotations

import threading

from ..routing import RoutingEnvironment
from ..routing.categories import CategoryCatalog
from ..routing.environment import ModelCandidate
from ..routing.local_classifier import LocalClassifier
from ..routing.ports import LlmClassifierPort, LocalClassifierPort
from ..snapshot.views import ConfigSnapshot, TenantView
from .policy import model_allowed


def candidates(snapshot: ConfigSnapshot, tenant: TenantView) -> tuple[ModelCandidate, ...]:
    """Give the tenant's routable models (tier set, allowed by its policy) in provider order."""
    out = []
    for provider in snapshot.tenant_providers(tenant):
        for m in provider.models:
            if m.tier and "embeddings" not in m.capabilities and model_allowed(tenant, m.id, provider.slug):
                out.append(
                    ModelCandidate(
                        id=m.id,
                        provider_id=m.provider_id,
                        tier=m.tier,
                        provider_slug=m.provider_slug,
                        context_window=m.context_window,
                        max_output=m.max_output,
                        input_per_1m=m.input_per_1m,
                        output_per_1m=m.output_per_1m,
                        priority=m.priority,
                        visible=m.visible,
                        capabilities=m.capabilities,
                        benchmarks=dict(m.benchmarks),
                    )
                )
    return tuple(out)


class RoutingEnvironments:
    """Gives each tenant's RoutingEnvironment; rebuilt only when the snapshot version changes."""

    def __init__(
        self,
        llm_classifier: LlmClassifierPort | None = None,
        local_classifier: LocalClassifierPort | None = None,
    ) -> None:
        self.llm_classifier = llm_classifier
        self.local_classifier = (
            local_classifier if local_classifier is not None else LocalClassifier(name="lexical cues only")
        )
        self._version = -1
        self._catalog: CategoryCatalog | None = None
        self._envs: dict[str, RoutingEnvironment] = {}
        self._lock = threading.Lock()

    def for_tenant(self, snapshot: ConfigSnapshot, tenant: TenantView) -> RoutingEnvironment:
        if snapshot.version != self._version or self._catalog is None:
            with self._lock:
                docs = snapshot.extras.get("categories") or ()
                self._catalog = CategoryCatalog.from_docs(docs) if docs else CategoryCatalog.builtin()
                self._envs, self._version = {}, snapshot.version
        env = self._envs.get(tenant.id)
        if env is None:
            rule_sets = snapshot.extras.get("rule_sets") or {}
            env = RoutingEnvironment.build(
                categories=self._catalog,
                rule_set=rule_sets.get(tenant.id) or rule_sets.get("global"),
                tenant_routing=dict(tenant.routing),
                models=candidates(snapshot, tenant),
                llm_classifier=self.llm_classifier,
                local_classifier=self.local_classifier,
            )
            self._envs[tenant.id] = env
        return env
