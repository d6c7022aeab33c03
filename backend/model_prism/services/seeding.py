"""Idempotent seeding of the structural defaults: categories, the default rule set and the default tenant."""

from __future__ import annotations

import logging

from ..models import RoutingCategory, RoutingRuleSet, Tenant
from ..routing import seeds
from ..snapshot import propagation
from . import tenants

log = logging.getLogger(__name__)


def ensure_categories() -> int:
    """Insert built-in categories that are missing (existing ones are never overwritten); give the count added."""
    existing = set(RoutingCategory.objects.distinct("key"))
    added = 0
    for doc in seeds.category_seeds():
        if doc["key"] not in existing:
            RoutingCategory(**{**doc, "isBuiltIn": True}).save()
            added += 1
    return added


def ensure_default_rule_set() -> bool:
    if RoutingRuleSet.objects(isGlobalDefault=True).first():
        return False
    RoutingRuleSet(**seeds.startup_rule_set()).save()
    return True


def ensure_default_tenant(api_key: str = "") -> str | None:
    """Create the default tenant `api` when none exists; give its plaintext key once (None when it existed)."""
    if Tenant.objects(isDefault=True).first():
        return None
    _, key = tenants.create_tenant(
        slug="api", name="Default (api)", is_default=True, routing={"enabled": True}, api_key=api_key or None
    )
    return key


def ensure_defaults(default_key: str = "") -> str | None:
    """Seed everything structural; give the default tenant's key when it was created now."""
    added = ensure_categories()
    rule_set = ensure_default_rule_set()
    key = ensure_default_tenant(default_key)
    if added or rule_set or key:
        log.info(
            "seeded defaults: %d categories, default rule set %s, default tenant %s",
            added,
            rule_set,
            bool(key),
        )
        propagation.bump("seed")
    return key
