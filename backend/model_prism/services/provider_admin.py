"""Provider lifecycle beyond creation: update with secret merge rules, delete with cascade, test, check, chat."""

from __future__ import annotations

from bson import ObjectId

from ..auth.secrets import current_box
from ..errors import ProviderError, ValidationFailed
from ..models import Experiment, Provider, Tenant
from ..models.base import utcnow
from ..models.catalog import PROVIDER_TYPES
from ..providers.base import adapter_for
from ..providers.transport import Transport
from ..providers.url_safety import check_provider_url
from ..snapshot import propagation
from ..snapshot.build import provider_config
from . import audit
from .providers import SECRET_FIELDS, get, public_view, slugify

MASK = "***"


def _merged_config(stored: dict, given: dict) -> dict:
    """Merge shallowly; secrets are re-sealed only when a new value other than '***'/empty is sent."""
    config = {**stored, **{k: v for k, v in given.items() if k != "auth"}}
    if "baseUrl" in given or "options" in given:
        config["baseUrl"] = check_provider_url(config.get("baseUrl") or "", config.get("options"))
    if "auth" in given:
        auth = {**(stored.get("auth") or {}), **(given.get("auth") or {})}
        for field in SECRET_FIELDS:
            sent = (given.get("auth") or {}).get(field)
            if field in (given.get("auth") or {}) and (not sent or sent == MASK):
                auth[field] = (stored.get("auth") or {}).get(field)
            elif sent:
                auth[field] = current_box().seal(sent)
        config["auth"] = {k: v for k, v in auth.items() if v is not None}
    return config


def update(provider_id: str, changes: dict, *, actor: str) -> Provider:
    provider = get(provider_id)
    before = public_view(provider, masked=True)
    if changes.get("name") is not None:
        if not changes["name"].strip():
            raise ValidationFailed("Name required")
        provider.name = changes["name"].strip()
    if changes.get("type") is not None:
        if changes["type"] not in PROVIDER_TYPES:
            raise ValidationFailed(f"Unknown provider type: {changes['type']}")
        provider.type = changes["type"]
    if changes.get("slug"):
        slug = slugify(changes["slug"])
        if Provider.objects(slug=slug, id__ne=provider.id).first():
            raise ValidationFailed("Slug already in use")
        provider.slug = slug
    if changes.get("config") is not None:
        provider.config = _merged_config(dict(provider.config or {}), changes["config"])
    provider.save()
    propagation.bump("providers")
    audit.record_update(
        actor, "provider", str(provider.id), provider.name, before, public_view(provider, masked=True)
    )
    return provider


def delete(provider_id: str, *, actor: str) -> dict:
    """Delete a provider and remove every tenant reference to it."""
    provider = get(provider_id)
    pid, updated = provider.id, 0
    for tenant in Tenant.objects():
        if _detach(tenant, pid):
            tenant.save()
            updated += 1
    for experiment in Experiment.objects(variants__providerId__in=[pid, str(pid)]):
        experiment.variants = [{**v, "providerId": None} if str(v.get("providerId")) == str(pid) else v
                               for v in experiment.variants]  # fmt: skip
        experiment.save()
    provider.delete()
    propagation.bump("providers")
    audit.record_delete(actor, "provider", str(pid), provider.name)
    return {"success": True, "cascade": {"tenantsUpdated": updated}}


def _same(value, pid: ObjectId) -> bool:
    return value is not None and str(value) == str(pid)


def _detach(tenant: Tenant, pid: ObjectId) -> bool:
    before = repr((tenant.providerIds, tenant.routing, tenant.fallbackChains, tenant.modelFallbacks))
    tenant.providerIds = [p for p in tenant.providerIds if p != pid]
    routing = dict(tenant.routing or {})
    if _same(routing.get("classifierProvider"), pid):
        routing["classifierProvider"], routing["classifierModel"] = None, None
    routing["classifierFallbacks"] = [f for f in routing.get("classifierFallbacks") or []
                                      if not _same(f.get("provider"), pid)]  # fmt: skip
    tenant.routing = routing
    tenant.fallbackChains = [{**c, "providers": [p for p in c.get("providers") or [] if not _same(p, pid)]}
                             for c in tenant.fallbackChains]  # fmt: skip
    tenant.modelFallbacks = [
        {**f, "fallbacks": [{**x, "providerId": None} if _same(x.get("providerId"), pid) else x
                            for x in f.get("fallbacks") or []]}
        for f in tenant.modelFallbacks
    ]  # fmt: skip
    return before != repr((tenant.providerIds, tenant.routing, tenant.fallbackChains, tenant.modelFallbacks))


def _status(provider: Provider, ok: bool, message: str | None) -> None:
    Provider.objects(id=provider.id).update_one(
        set__status="connected" if ok else "error", set__statusMessage=(message or "")[:500],
        set__lastChecked=utcnow(),
    )  # fmt: skip
    propagation.bump("providers")


def test(provider_id: str, transport: Transport) -> dict:
    """Give {success, message} after the adapter's own connection test; the status is stored."""
    provider = get(provider_id)
    try:
        adapter_for(provider_config(provider, current_box()), transport).test_connection()
    except ProviderError as exc:
        _status(provider, False, exc.message)
        return {"success": False, "error": exc.message}
    _status(provider, True, None)
    return {"success": True, "message": "Connection successful"}


def check(provider_id: str, transport: Transport) -> dict:
    """Give the connection-check report of the providers module; persists a found apiPath and the status."""
    from ..providers.check import check_connection

    provider = get(provider_id)
    report = check_connection(provider_config(provider, current_box()), transport)
    if report.get("success") and report.get("apiPath"):
        options = {**(provider.config.get("options") or {}), "apiPath": report["apiPath"]}
        Provider.objects(id=provider.id).update_one(set__config={**provider.config, "options": options})
    _status(provider, bool(report.get("success")), report.get("error"))
    return report


def chat(provider_id: str, model: str, messages: list, transport: Transport) -> dict:
    """Give the provider's raw completion for a direct try (not billed, not logged)."""
    if not model or not isinstance(messages, list) or not messages:
        raise ValidationFailed("model and messages required")
    provider = get(provider_id)
    adapter = adapter_for(provider_config(provider, current_box()), transport)
    try:
        return adapter.chat({"model": model, "messages": messages, "stream": False})
    except ProviderError as exc:
        raise ProviderError(exc.message, status=502) from None
