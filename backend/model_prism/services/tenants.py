"""Tenants: creation with a key shown once, and the public JSON view without secrets."""

from __future__ import annotations

import re
from datetime import timedelta

from bson import ObjectId

from ..auth.keys import MIN_CUSTOM_KEY_LENGTH, display_prefix, generate_key, hash_key
from ..auth.secrets import current_box
from ..errors import ValidationFailed
from ..models import Provider, Tenant
from ..models.base import utcnow
from ..models.tenant import DEFAULT_OVERRIDES, default_routing
from ..snapshot import propagation
from . import audit
from .jsonview import plain

RESERVED_SLUGS = frozenset({"prism", "api", "chat", "v1", "admin", "public", "health", "metrics", "docs"})
SLUG = re.compile(r"^[a-z0-9-]+$")


def _object_ids(values) -> list[ObjectId]:
    ids = []
    for v in values or []:
        if not ObjectId.is_valid(str(v)):
            raise ValidationFailed("Invalid id")
        ids.append(ObjectId(str(v)))
    missing = set(ids) - {p.id for p in Provider.objects(id__in=ids).only("id")}
    if missing:
        raise ValidationFailed("Unknown provider id: " + ", ".join(map(str, sorted(missing))))
    return ids


def _routing(given: dict | None) -> dict:
    routing = default_routing()
    routing.update(given or {})
    routing["overrides"] = {**DEFAULT_OVERRIDES, **((given or {}).get("overrides") or {})}
    return routing


def create_tenant(
    *,
    slug: str,
    name: str,
    provider_ids: list | None = None,
    routing: dict | None = None,
    is_default: bool = False,
    api_key: str | None = None,
    key_lifetime_days: int = 0,
    actor: str = "",
    **fields,
) -> tuple[Tenant, str]:
    """Create a tenant and give it with its plaintext primary key (shown once)."""
    slug = (slug or "").strip().lower()
    if not slug or not (name or "").strip():
        raise ValidationFailed("Slug and name required")
    if not SLUG.match(slug):
        raise ValidationFailed("Slug may contain only a-z, 0-9 and '-'")
    if slug in RESERVED_SLUGS and not (is_default and slug == "api"):
        raise ValidationFailed(f"Slug '{slug}' is reserved")
    if Tenant.objects(slug=slug).first():
        raise ValidationFailed("Slug already in use")
    if api_key is not None and len(api_key) < MIN_CUSTOM_KEY_LENGTH:
        raise ValidationFailed(f"API key must be at least {MIN_CUSTOM_KEY_LENGTH} characters")
    key = api_key or generate_key()
    now = utcnow()
    tenant = Tenant(
        slug=slug,
        name=name.strip(),
        providerIds=_object_ids(provider_ids),
        routing=_routing(routing),
        isDefault=is_default,
        apiKeyHash=hash_key(key),
        apiKeyPrefix=display_prefix(key),
        apiKeyEncrypted=current_box().seal(key),
        customApiKey=api_key is not None,
        keyLifetimeDays=key_lifetime_days,
        keyExpiresAt=now + timedelta(days=key_lifetime_days) if key_lifetime_days else None,
        **fields,
    ).save()
    propagation.bump("tenants")
    if actor:
        audit.record_create(actor, "tenant", str(tenant.id), tenant.name)
    return tenant, key


def add_provider(tenant: Tenant, provider_id) -> bool:
    """Attach a provider to a tenant; give False when it was attached already."""
    pid = ObjectId(str(provider_id))
    if pid in tenant.providerIds:
        return False
    Tenant.objects(id=tenant.id).update_one(push__providerIds=pid, set__updatedAt=utcnow())
    propagation.bump("tenants")
    return True


def public_view(tenant: Tenant) -> dict:
    """Give the tenant JSON without hashes or sealed keys (spec admin-api §5)."""
    doc = tenant.to_mongo().to_dict()
    for secret in ("apiKeyHash", "apiKeyEncrypted"):
        doc.pop(secret, None)
    doc["apiKeys"] = [
        {k: v for k, v in key.items() if k not in ("hash", "encrypted")} for key in doc.get("apiKeys", [])
    ]
    return plain(doc)
