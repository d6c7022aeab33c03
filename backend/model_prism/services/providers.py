"""Providers: creation with sealed secrets, discovery of their models, and views without secrets."""

from __future__ import annotations

import re

from bson import ObjectId

from ..auth.secrets import current_box
from ..errors import NotFound, ProviderError, ValidationFailed
from ..models import DiscoveredModel, Provider
from ..models.base import utcnow
from ..models.catalog import PROVIDER_TYPES
from ..providers.base import adapter_for
from ..providers.discovery import enriched_count, merge_discovered
from ..providers.transport import Transport
from ..providers.url_safety import check_provider_url
from ..snapshot import propagation
from ..snapshot.build import provider_config

SECRET_FIELDS = ("apiKey", "accessKeyId", "secretAccessKey")


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", (name or "").lower()).strip("-")[:48]
    return slug or "provider"


def unique_slug(base: str) -> str:
    slug, n = base, 2
    while Provider.objects(slug=slug).first():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _sealed_config(config: dict | None) -> dict:
    config = dict(config or {})
    auth = dict(config.get("auth") or {"type": "api_key"})
    box = current_box()
    for field in SECRET_FIELDS:
        if auth.get(field):
            auth[field] = box.seal(auth[field])
    config["auth"] = auth
    config["options"] = dict(config.get("options") or {})
    config["baseUrl"] = check_provider_url(config.get("baseUrl") or "", config["options"])
    return config


def create_provider(*, name: str, type: str, slug: str | None = None, config: dict | None = None) -> Provider:
    """Create a provider with its secrets sealed (AES-256-GCM)."""
    if not (name or "").strip() or not type:
        raise ValidationFailed("Name and type required")
    if type not in PROVIDER_TYPES:
        raise ValidationFailed(f"Unknown provider type: {type}")
    wanted = slugify(slug) if slug else None
    if wanted and Provider.objects(slug=wanted).first():
        raise ValidationFailed("Slug already in use")
    provider = Provider(
        name=name.strip(), type=type, slug=wanted or unique_slug(slugify(name)), config=_sealed_config(config)
    ).save()
    propagation.bump("providers")
    return provider


def get(provider_id: str) -> Provider:
    if not ObjectId.is_valid(str(provider_id)):
        raise ValidationFailed("Invalid id")
    provider = Provider.objects(id=provider_id).first()
    if provider is None:
        raise NotFound("Provider not found")
    return provider


def discover(provider_id: str, transport: Transport) -> dict:
    """List the provider's models, merge them with the stored ones and the registry, and give the result."""
    provider = get(provider_id)
    adapter = adapter_for(provider_config(provider, current_box()), transport)
    try:
        reported = adapter.list_models()
    except ProviderError as exc:
        Provider.objects(id=provider.id).update_one(
            set__status="error", set__statusMessage=exc.message[:500], set__lastChecked=utcnow()
        )
        raise ValidationFailed(exc.message) from None
    existing = [m.to_mongo().to_dict() for m in provider.discoveredModels]
    merged = merge_discovered(existing, reported, provider.type, provider.name)
    if provider.type == "demo":
        merged = [
            {**m, **{k: v for k, v in _demo_metadata(m["id"]).items() if m.get(k) is None}} for m in merged
        ]
    provider.discoveredModels = [DiscoveredModel(**m) for m in merged]
    options = dict(provider.config.get("options") or {})
    if adapter.effective_path is not None:
        options["apiPath"] = adapter.effective_path
    if hasattr(adapter, "detect_api_types"):  # Azure: which deployments speak the Responses API (§5.7)
        options.update(adapter.detect_api_types())
    provider.config = {**provider.config, "options": options}
    provider.status, provider.statusMessage, provider.lastChecked = "connected", "", utcnow()
    provider.save()
    propagation.bump("providers")
    models = [m.to_mongo().to_dict() for m in provider.discoveredModels]
    return {
        "models": models,
        "count": len(models),
        "enrichedCount": enriched_count(models),
        "apiPath": options.get("apiPath", "/v1"),
    }


def _demo_metadata(model_id: str) -> dict:
    """Give the built-in demo models' tier, prices, context and benchmark scores (the registry does not know them)."""
    from ..providers.demo import DEMO_MODELS

    for mid, tier, inp, out, ctx, max_out, (i, c, m, s) in DEMO_MODELS:
        if mid == model_id:
            return {
                "tier": tier, "inputPer1M": inp, "outputPer1M": out, "contextWindow": ctx, "maxOutputTokens": max_out,
                "benchmarks": {"intelligence": i, "coding": c, "math": m, "speed": s},
            }  # fmt: skip
    return {}


def public_view(provider: Provider, *, masked: bool = False) -> dict:
    """Give the provider JSON without secret values (list view) or with them masked as '***' (single view)."""
    doc = provider.to_mongo().to_dict()
    doc["_id"] = str(doc["_id"])
    auth = dict((doc.get("config") or {}).get("auth") or {})
    has = any(auth.get(f) for f in SECRET_FIELDS)
    for field in SECRET_FIELDS:
        if auth.get(field):
            if masked:
                auth[field] = "***"
            else:
                auth.pop(field)
    auth["hasCredentials"] = has
    doc["config"] = {**(doc.get("config") or {}), "auth": auth}
    return doc
