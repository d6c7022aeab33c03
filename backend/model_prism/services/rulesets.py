"""Routing rule sets: CRUD, the single global default, seeding of the defaults and optional presets."""

from __future__ import annotations

from bson import ObjectId

from ..errors import Forbidden, NotFound, ValidationFailed
from ..models import RoutingRuleSet
from ..routing import seeds
from ..snapshot import propagation
from . import audit
from .jsonview import document

FIELDS = ("name", "description", "isGlobalDefault", "tenantId", "tokenThresholds", "signalWeights", "turnUpgrade",
          "keywordRules", "systemPromptRoles", "classifier", "costMode", "tierBoost")  # fmt: skip
COST_MODES = ("economy", "balanced", "quality")


def view(rule_set: RoutingRuleSet) -> dict:
    return document(rule_set)


def list_rule_sets() -> list[dict]:
    rows = sorted(RoutingRuleSet.objects.order_by("createdAt"), key=lambda r: not r.isGlobalDefault)
    return [view(r) for r in rows]


def get(rule_set_id: str) -> RoutingRuleSet:
    if not ObjectId.is_valid(str(rule_set_id)):
        raise ValidationFailed("Invalid id")
    rule_set = RoutingRuleSet.objects(id=rule_set_id).first()
    if rule_set is None:
        raise NotFound("Rule set not found")
    return rule_set


def _clean(values: dict) -> dict:
    out = {k: values[k] for k in FIELDS if k in values}
    out["costMode"] = out.get("costMode") or "balanced"
    if out["costMode"] not in COST_MODES:
        raise ValidationFailed("costMode must be economy, balanced or quality")
    try:
        out["tierBoost"] = max(-2, min(2, int(out.get("tierBoost") or 0)))
    except (TypeError, ValueError):
        raise ValidationFailed("tierBoost must be an integer") from None
    if out.get("tenantId"):
        if not ObjectId.is_valid(str(out["tenantId"])):
            raise ValidationFailed("Invalid id")
        out["tenantId"] = ObjectId(str(out["tenantId"]))
    else:
        out["tenantId"] = None
    return out


def _claim_default(rule_set: RoutingRuleSet) -> None:
    RoutingRuleSet.objects(id__ne=rule_set.id, isGlobalDefault=True).update(set__isGlobalDefault=False)


def create(values: dict, *, actor: str) -> RoutingRuleSet:
    if not (values.get("name") or "").strip():
        raise ValidationFailed("Name required")
    rule_set = RoutingRuleSet(**_clean(values)).save()
    if rule_set.isGlobalDefault:
        _claim_default(rule_set)
    propagation.bump("rulesets")
    audit.record_create(actor, "rule-set", str(rule_set.id), rule_set.name)
    return rule_set


def update(rule_set_id: str, values: dict, *, actor: str) -> RoutingRuleSet:
    rule_set = get(rule_set_id)
    before = view(rule_set)
    for key, value in _clean({**before, **values}).items():
        setattr(rule_set, key, value)
    rule_set.save()
    if rule_set.isGlobalDefault:
        _claim_default(rule_set)
    propagation.bump("rulesets")
    audit.record_update(actor, "rule-set", str(rule_set.id), rule_set.name, before, view(rule_set))
    return rule_set


def delete(rule_set_id: str, *, actor: str) -> dict:
    rule_set = get(rule_set_id)
    if getattr(rule_set, "isDefault", False):
        raise Forbidden("Cannot delete the default rule set")
    rule_set.delete()
    propagation.bump("rulesets")
    audit.record_delete(actor, "rule-set", str(rule_set.id), rule_set.name)
    return {"deleted": True}


def set_default(rule_set_id: str, *, actor: str) -> RoutingRuleSet:
    rule_set = get(rule_set_id)
    rule_set.isGlobalDefault = True
    rule_set.save()
    _claim_default(rule_set)
    propagation.bump("rulesets")
    audit.record_event(actor, "rule-set", str(rule_set.id), rule_set.name, "Set as global default")
    return rule_set


def seed_defaults(*, actor: str = "system") -> tuple[bool, RoutingRuleSet]:
    existing = RoutingRuleSet.objects(isGlobalDefault=True).first()
    if existing:
        return False, existing
    rule_set = RoutingRuleSet(**seeds.rule_set_seed("seedDefaultsEndpointRuleSet")).save()
    propagation.bump("rulesets")
    audit.record_create(actor, "rule-set", str(rule_set.id), rule_set.name)
    return True, rule_set


def seed_presets(*, actor: str = "system") -> dict:
    created = []
    for key in ("optionalEconomyFirst", "optionalBalanced"):
        doc = seeds.rule_set_seed(key)
        if not RoutingRuleSet.objects(name=doc["name"]).first():
            saved = RoutingRuleSet(**doc).save()
            created.append(doc["name"])
            audit.record_create(actor, "rule-set", str(saved.id), saved.name)
    propagation.bump("rulesets")
    return {"created": created}
