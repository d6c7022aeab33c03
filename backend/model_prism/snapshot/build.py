"""Builds a ConfigSnapshot from the store (the only database read the gateway does, off the request path)."""

from __future__ import annotations

import logging
from types import MappingProxyType

from ..auth.secrets import SecretBox
from ..models import Provider, RoutingCategory, RoutingRuleSet, Tenant
from ..providers.base import ProviderConfig
from ..providers.registry import suggest_for_model
from .views import ConfigSnapshot, KeyView, ModelView, ProviderView, TenantView

log = logging.getLogger(__name__)


def _frozen(d) -> MappingProxyType:
    return MappingProxyType(dict(d or {}))


def provider_config(doc: Provider, box: SecretBox) -> ProviderConfig:
    """Give the adapter's view of a provider document, secrets opened."""
    cfg = doc.config or {}
    auth = cfg.get("auth") or {}
    creds = {
        k: box.open_or_marker(auth.get(k)) or "" for k in ("accessKeyId", "secretAccessKey") if auth.get(k)
    }
    if auth.get("region"):
        creds["region"] = auth["region"]
    return ProviderConfig(
        id=str(doc.id),
        slug=doc.slug,
        name=doc.name,
        type=doc.type,
        base_url=cfg.get("baseUrl") or "",
        api_key=box.open_or_marker(auth.get("apiKey")) or "",
        auth_type=auth.get("type") or "api_key",
        options=_frozen(cfg.get("options")),
        credentials=_frozen(creds),
    )


def registry_benchmarks(model_id: str) -> dict:
    """Give the registry's benchmark scores for a model id (routing's price-performance needs them)."""
    return dict((suggest_for_model(model_id) or {}).get("benchmarks") or {})


def _provider_view(doc: Provider, box: SecretBox) -> ProviderView:
    config = provider_config(doc, box)
    models = tuple(
        ModelView(
            id=m.id,
            provider_id=config.id,
            provider_slug=config.slug,
            tier=m.tier,
            context_window=m.contextWindow,
            max_output=m.maxOutputTokens,
            input_per_1m=m.inputPer1M,
            output_per_1m=m.outputPer1M,
            cached_input_per_1m=m.cachedInputPer1M,
            visible=m.visible is not False and not m.stale,
            priority=m.priority or 50,
            capabilities=frozenset(m.capabilities or ()),
            benchmarks=_frozen(m.benchmarks or registry_benchmarks(m.id)),
            owned_by=m.ownedBy or config.name,
        )
        for m in doc.discoveredModels
    )
    return ProviderView(config=config, models=models, status=doc.status or "unchecked")


def _tenant_view(doc: Tenant) -> TenantView:
    return TenantView(
        id=str(doc.id),
        slug=doc.slug,
        name=doc.name,
        active=doc.active,
        is_default=doc.isDefault,
        key_enabled=doc.keyEnabled,
        key_expires_at=doc.keyExpiresAt,
        provider_ids=tuple(str(p) for p in doc.providerIds),
        model_config=_frozen(doc.modelConfig),
        routing=_frozen(doc.routing),
        rate_limit=_frozen(doc.rateLimit),
        budget_limits=_frozen(doc.budgetLimits),
        budget_guard=_frozen(doc.budgetGuard),
        pricing=_frozen(doc.pricing),
        default_system_prompt=doc.defaultSystemPrompt or "",
        prompt_logging=bool(doc.promptLogging),
        prompt_log_level=doc.promptLogLevel or "last_user",
        strip_thinking=doc.stripThinking,
        print_routed_model=doc.printRoutedModel,
        fallback_chains=tuple(_frozen(c) for c in doc.fallbackChains or ()),
        model_fallbacks=tuple(_frozen(c) for c in doc.modelFallbacks or ()),
    )


def build_snapshot(box: SecretBox, version: int) -> ConfigSnapshot:
    """Read tenants and providers once and give the indexed snapshot."""
    tenants, keys = {}, {}
    for doc in Tenant.objects():
        view = _tenant_view(doc)
        tenants[view.id] = view
        if doc.apiKeyHash:
            keys[doc.apiKeyHash] = KeyView("legacy", view.id, doc.keyEnabled, doc.keyExpiresAt)
        for k in doc.apiKeys:
            keys[k.hash] = KeyView(str(k._id), view.id, k.enabled, k.expiresAt)
    providers = {str(p.id): _provider_view(p, box) for p in Provider.objects()}
    categories = tuple(_plain(c) for c in RoutingCategory.objects.order_by("order"))
    rule_sets: dict[str, dict] = {}
    for rs in RoutingRuleSet.objects.order_by("updatedAt"):  # the most recently updated tenant set wins
        doc = _plain(rs)
        if rs.tenantId:
            rule_sets[str(rs.tenantId)] = doc
        elif rs.isGlobalDefault:
            rule_sets.setdefault("global", doc)
    return ConfigSnapshot(
        version=version,
        tenants_by_id=MappingProxyType(tenants),
        tenants_by_slug=MappingProxyType({t.slug: t for t in tenants.values()}),
        keys_by_hash=MappingProxyType(keys),
        providers_by_id=MappingProxyType(providers),
        extras=MappingProxyType({"categories": categories, "rule_sets": MappingProxyType(rule_sets)}),
    )


def _plain(doc) -> dict:
    data = doc.to_mongo().to_dict()
    data["_id"] = str(data.get("_id"))
    if data.get("tenantId") is not None:
        data["tenantId"] = str(data["tenantId"])
    return data
