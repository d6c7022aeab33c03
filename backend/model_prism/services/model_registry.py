"""Model registry edits on discovered models: patch, reorder a tier, the flat model list, suggestions."""

from __future__ import annotations

from ..errors import NotFound, ValidationFailed
from ..models import Provider
from ..models.catalog import TIERS
from ..providers.registry import suggest_for_model
from ..snapshot import propagation
from . import audit
from .providers import get

PRICE_FIELDS = ("inputPer1M", "outputPer1M")
CONTEXT_FIELDS = ("contextWindow", "maxOutputTokens")
AUDITED = ("tier", "priority", "visible", "inputPer1M", "outputPer1M", "contextWindow", "maxOutputTokens")


def _model(provider: Provider, model_id: str):
    for model in provider.discoveredModels:
        if model.id == model_id:
            return model
    raise NotFound("Model not found")


def _validate(changes: dict) -> None:
    if "tier" in changes and changes["tier"] not in TIERS + (None,):
        raise ValidationFailed("Invalid tier")
    if "priority" in changes and not (
        isinstance(changes["priority"], int) and 1 <= changes["priority"] <= 100
    ):
        raise ValidationFailed("priority must be an integer 1..100")


def patch(provider_id: str, model_id: str, changes: dict, *, actor: str) -> dict:
    """Edit one discovered model; prices set manualPricing, context fields set manualContext."""
    _validate(changes)
    provider = get(provider_id)
    model = _model(provider, model_id)
    before = {f: getattr(model, f) for f in AUDITED}
    for field in ("tier", "categories", "priority", "notes", "visible"):
        if field in changes:
            setattr(model, field, changes[field])
    for field in PRICE_FIELDS:
        if field in changes:
            setattr(model, field, float(changes[field]) if changes[field] not in (None, "") else None)
            model.manualPricing = True
    for field in CONTEXT_FIELDS:
        if field in changes:
            setattr(model, field, int(changes[field]) if changes[field] else None)
            model.manualContext, model.contextSource = True, "manual"
    provider.save()
    propagation.bump("providers")
    after = {f: getattr(model, f) for f in AUDITED}
    audit.record_update(actor, "model", provider_id, f"{model_id} ({provider.name})", before, after)
    return model.to_mongo().to_dict()


def reorder_tier(items: list, *, actor: str) -> dict:
    """Give priorities by position: first = 100, then down in equal steps."""
    if not isinstance(items, list) or not items:
        raise ValidationFailed("items array required")
    step = max(1, 90 // len(items))
    touched: dict[str, Provider] = {}
    for index, item in enumerate(items):
        pid = str(item.get("providerId", ""))
        provider = touched.get(pid) or get(pid)
        touched[pid] = provider
        _model(provider, item.get("modelId", "")).priority = max(1, 100 - index * step)
    for provider in touched.values():
        provider.save()
    propagation.bump("providers")
    audit.record_event(actor, "model", None, "tier order", f"Reordered {len(items)} models")
    return {"success": True}


def all_models() -> list[dict]:
    """Give every discovered model of every provider as one flat list."""
    out = []
    for p in Provider.objects.order_by("createdAt"):
        for m in p.discoveredModels:
            out.append({
                "providerId": str(p.id), "providerName": p.name, "providerSlug": p.slug, "providerType": p.type,
                "providerStatus": p.status, "id": m.id, "prefixedId": f"{p.slug}/{m.id}", "name": m.name,
                "capabilities": list(m.capabilities), "contextWindow": m.contextWindow, "tier": m.tier,
                "categories": list(m.categories), "priority": m.priority, "notes": m.notes,
                "inputPer1M": m.inputPer1M, "outputPer1M": m.outputPer1M, "visible": m.visible,
                "maxOutputTokens": m.maxOutputTokens, "manualPricing": m.manualPricing,
                "manualContext": m.manualContext, "stale": m.stale,
            })  # fmt: skip
    return out


def suggestion(model_id: str) -> dict:
    if not model_id:
        raise ValidationFailed("modelId required")
    found = suggest_for_model(model_id)
    if not found:
        raise NotFound("No suggestion found for this model ID")
    return found


def context_window(model_id: str) -> int | None:
    """Give the known context window of a model: a discovered model first, then the registry."""
    for p in Provider.objects(discoveredModels__id=model_id):
        for m in p.discoveredModels:
            if m.id == model_id and m.contextWindow:
                return m.contextWindow
    found = suggest_for_model(model_id) or {}
    return found.get("contextWindow")
