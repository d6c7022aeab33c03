"""Routing categories: CRUD, seeding from the built-ins, preset profiles and applying them."""

from __future__ import annotations

from bson import ObjectId

from ..errors import NotFound, ValidationFailed
from ..models import Provider, RoutingCategory
from ..models.catalog import TIERS
from ..routing import seeds
from ..snapshot import propagation
from . import audit
from .jsonview import document

EDITABLE = ("name", "description", "costTier", "examples", "defaultModel", "fallbackModel", "requiresVision",
            "order", "targetSystemPrompt")  # fmt: skip


def view(category: RoutingCategory) -> dict:
    return document(category)


def list_categories() -> list[dict]:
    return [view(c) for c in RoutingCategory.objects.order_by("order")]


def get(category_id: str) -> RoutingCategory:
    if not ObjectId.is_valid(str(category_id)):
        raise ValidationFailed("Invalid id")
    category = RoutingCategory.objects(id=category_id).first()
    if category is None:
        raise NotFound("Category not found")
    return category


def _check(values: dict) -> None:
    if "costTier" in values and values["costTier"] not in TIERS:
        raise ValidationFailed("Invalid costTier")
    if "examples" in values and not all(isinstance(e, str) for e in values["examples"] or []):
        raise ValidationFailed("examples must be a list of strings")


def create(values: dict, *, actor: str) -> RoutingCategory:
    if not values.get("key") or not values.get("name") or not values.get("costTier"):
        raise ValidationFailed("key, name and costTier required")
    _check(values)
    if RoutingCategory.objects(key=values["key"]).first():
        raise ValidationFailed("Category key already exists")
    top = RoutingCategory.objects.order_by("-order").first()
    fields = {k: values[k] for k in EDITABLE if k in values and k != "order"}
    category = RoutingCategory(
        key=values["key"], isBuiltIn=False, order=(top.order if top else 0) + 1, **fields
    )
    category.save()
    propagation.bump("categories")
    audit.record_create(actor, "category", str(category.id), category.name)
    return category


def update(category_id: str, values: dict, *, actor: str) -> RoutingCategory:
    category = get(category_id)
    _check(values)
    before = view(category)
    for field in EDITABLE:
        if field in values:
            setattr(category, field, values[field])
    if values.get("key") and values["key"] != category.key:
        if category.isBuiltIn:
            raise ValidationFailed("The key of a built-in category cannot be changed")
        if RoutingCategory.objects(key=values["key"]).first():
            raise ValidationFailed("Category key already exists")
        category.key = values["key"]
    category.save()
    propagation.bump("categories")
    audit.record_update(actor, "category", str(category.id), category.name, before, view(category))
    return category


def delete(category_id: str, *, actor: str) -> None:
    category = get(category_id)
    category.delete()
    propagation.bump("categories")
    audit.record_delete(actor, "category", str(category.id), category.name)


def seed(*, reset: bool, actor: str = "system") -> dict:
    """Insert missing built-ins; with reset also restore the built-in fields of existing ones."""
    created = updated = 0
    for doc in seeds.category_seeds():
        existing = RoutingCategory.objects(key=doc["key"]).first()
        if existing is None:
            RoutingCategory(**{**doc, "isBuiltIn": True}).save()
            created += 1
        elif reset:
            for k, v in doc.items():
                setattr(existing, k, v)
            existing.save()
            updated += 1
    propagation.bump("categories")
    if created or updated:
        action = "Reset built-in categories" if reset else "Seeded built-in categories"
        audit.record_event(
            actor, "category", None, "built-ins", f"{action}: {created} created, {updated} updated"
        )
    return {"created": created, "updated": updated, "total": RoutingCategory.objects.count()}


def presets() -> list[dict]:
    return [{k: p.get(k) for k in ("id", "name", "description", "color", "icon", "categories")}
            for p in seeds.preset_profiles()]  # fmt: skip


def _ranked_by_tier(provider_id: str | None) -> dict[str, list[tuple[float, str]]]:
    from ..providers.registry import get_benchmarks

    providers = [Provider.objects(id=provider_id).first()] if provider_id else list(Provider.objects())
    models = [m for p in providers if p for m in p.discoveredModels if m.tier and m.visible]
    bench = get_benchmarks([m.id for m in models])
    ranked: dict[str, list[tuple[float, str]]] = {}
    for m in models:
        score = float((m.benchmarks or bench.get(m.id) or {}).get("intelligence") or 50)
        ranked.setdefault(m.tier, []).append((score, m.id))
    for group in ranked.values():
        group.sort(key=lambda t: -t[0])
    return ranked


def apply_preset(profile_ids: list, provider_id: str | None, *, actor: str) -> dict:
    """Fill defaultModel of the profiles' categories that have none with the best model of their tier."""
    if not profile_ids:
        raise ValidationFailed("profileIds required")
    profiles = [p for p in seeds.preset_profiles() if p["id"] in profile_ids]
    if not profiles:
        raise ValidationFailed("No matching profiles found")
    keys = set()
    for p in profiles:
        keys |= set(p["categories"]) or {c.key for c in RoutingCategory.objects.only("key")}
    ranked = _ranked_by_tier(provider_id)
    assignments, skipped = [], 0
    for category in RoutingCategory.objects(key__in=list(keys)):
        best = (ranked.get(category.costTier) or [None])[0]
        if category.defaultModel or best is None:
            skipped += 1
            continue
        category.defaultModel = best[1]
        category.save()
        assignments.append(
            {"category": category.key, "tier": category.costTier, "model": best[1], "score": best[0]}
        )
    propagation.bump("categories")
    if assignments:
        audit.record_event(
            actor, "category", None, "presets", f"Applied presets to {len(assignments)} categories"
        )
    return {"profiles": [p["name"] for p in profiles], "categoriesConsidered": len(keys),
            "updated": len(assignments), "skipped": skipped, "assignments": assignments}  # fmt: skip
