"""Frozen views of tenants, providers and models as the gateway sees them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from types import MappingProxyType
from typing import Any

from ..providers.base import ProviderConfig

_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class KeyView:
    key_id: str  # "legacy" for the primary key
    tenant_id: str
    enabled: bool
    expires_at: datetime | None


@dataclass(frozen=True)
class ModelView:
    id: str
    provider_id: str
    provider_slug: str
    tier: str | None
    context_window: int | None
    max_output: int | None
    input_per_1m: float | None
    output_per_1m: float | None
    cached_input_per_1m: float | None
    visible: bool
    priority: int
    capabilities: frozenset[str]
    benchmarks: Mapping[str, float] = field(default_factory=lambda: _EMPTY)
    owned_by: str = ""


@dataclass(frozen=True)
class ProviderView:
    config: ProviderConfig
    models: tuple[ModelView, ...]
    status: str = "unchecked"  # connected | error | unchecked (last connection check or discovery)

    @property
    def id(self) -> str:
        return self.config.id

    @property
    def slug(self) -> str:
        return self.config.slug

    def model(self, model_id: str) -> ModelView | None:
        """Give the provider's model of this id (the first listed when an id repeats), else None."""
        return self._models_by_id.get(model_id)

    @cached_property
    def _models_by_id(self) -> Mapping[str, ModelView]:
        # built on first use (a provider lists up to hundreds of models; a request looks several up)
        index: dict[str, ModelView] = {}
        for m in self.models:
            index.setdefault(m.id, m)
        return index


@dataclass(frozen=True)
class TenantView:
    id: str
    slug: str
    name: str
    active: bool
    is_default: bool
    key_enabled: bool
    key_expires_at: datetime | None
    provider_ids: tuple[str, ...]
    model_config: Mapping[str, Any]
    routing: Mapping[str, Any]
    rate_limit: Mapping[str, Any]
    budget_limits: Mapping[str, Any]
    budget_guard: Mapping[str, Any]
    pricing: Mapping[str, Any]
    default_system_prompt: str
    prompt_logging: bool
    prompt_log_level: str
    strip_thinking: bool
    print_routed_model: bool
    fallback_chains: tuple[Mapping[str, Any], ...] = ()
    model_fallbacks: tuple[Mapping[str, Any], ...] = ()

    @property
    def routing_enabled(self) -> bool:
        return bool(self.routing.get("enabled"))


@dataclass(frozen=True)
class ConfigSnapshot:
    """Everything the gateway reads per request, indexed for O(1) lookups."""

    version: int
    tenants_by_id: Mapping[str, TenantView]
    tenants_by_slug: Mapping[str, TenantView]
    keys_by_hash: Mapping[str, KeyView]
    providers_by_id: Mapping[str, ProviderView]
    extras: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)

    def tenant_providers(self, tenant: TenantView) -> tuple[ProviderView, ...]:
        """Give the tenant's providers in assignment order (first wins when several list a model)."""
        return tuple(self.providers_by_id[p] for p in tenant.provider_ids if p in self.providers_by_id)
