"""Tenant API key lifecycle: rotate, custom keys, additional labelled keys, enable/disable, revoke, reveal."""

from __future__ import annotations

from datetime import timedelta

from bson import ObjectId

from ..auth.keys import MIN_CUSTOM_KEY_LENGTH, display_prefix, generate_key, hash_key
from ..auth.secrets import current_box
from ..errors import NotFound, ValidationFailed
from ..models import ApiKey, Tenant
from ..models.base import utcnow
from ..snapshot import propagation
from . import audit
from .jsonview import iso

LEGACY = "legacy"


def _expiry(days: int | None):
    return utcnow() + timedelta(days=days) if days else None


def _lifetime(tenant: Tenant, days) -> int:
    if days is None:
        return tenant.keyLifetimeDays or 0
    if not isinstance(days, int) or isinstance(days, bool) or days < 0:
        raise ValidationFailed("keyLifetimeDays must be an integer ≥ 0")
    return days


def _ensure_unused(key: str) -> str:
    if len(key or "") < MIN_CUSTOM_KEY_LENGTH:
        raise ValidationFailed(f"API key must be at least {MIN_CUSTOM_KEY_LENGTH} characters")
    digest = hash_key(key)
    if Tenant.objects(apiKeyHash=digest).first() or Tenant.objects(apiKeys__hash=digest).first():
        raise ValidationFailed("This API key is already in use")
    return digest


def _saved(tenant: Tenant) -> None:
    tenant.save()
    propagation.bump("tenants")  # evicts the key lookup of every process


def rotate(tenant: Tenant, *, actor: str) -> dict:
    """Replace the primary key with a generated one; the old key stops working at once."""
    key = generate_key()
    tenant.apiKeyHash, tenant.apiKeyPrefix = hash_key(key), display_prefix(key)
    tenant.apiKeyEncrypted, tenant.customApiKey = current_box().seal(key), False
    tenant.keyExpiresAt = _expiry(tenant.keyLifetimeDays)
    _saved(tenant)
    audit.record_event(actor, "tenant", str(tenant.id), tenant.name, "Rotated primary API key")
    return {"apiKey": key, "expiresAt": iso(tenant.keyExpiresAt), "message": "API key rotated"}


def set_custom(tenant: Tenant, api_key: str, days: int | None, *, actor: str) -> dict:
    digest = _ensure_unused(api_key)
    lifetime = _lifetime(tenant, days)
    tenant.apiKeyHash, tenant.apiKeyPrefix = digest, display_prefix(api_key)
    tenant.apiKeyEncrypted, tenant.customApiKey = current_box().seal(api_key), True
    tenant.keyLifetimeDays, tenant.keyExpiresAt = lifetime, _expiry(lifetime)
    _saved(tenant)
    audit.record_event(actor, "tenant", str(tenant.id), tenant.name, "Set a custom primary API key")
    return {
        "message": "Custom API key set",
        "prefix": tenant.apiKeyPrefix,
        "expiresAt": iso(tenant.keyExpiresAt),
    }


def list_keys(tenant: Tenant) -> dict:
    """Give the primary key (as 'legacy') and the additional keys, without hashes."""
    keys = [{
        "_id": LEGACY, "prefix": tenant.apiKeyPrefix, "label": "Primary key", "enabled": tenant.keyEnabled,
        "custom": tenant.customApiKey, "expiresAt": iso(tenant.keyExpiresAt), "lastUsedAt": None,
        "createdAt": iso(tenant.createdAt), "isLegacy": True,
    }]  # fmt: skip
    keys += [_key_view(k) for k in tenant.apiKeys]
    return {"keys": keys}


def _key_view(k: ApiKey) -> dict:
    return {"_id": str(k._id), "prefix": k.prefix, "label": k.label, "enabled": k.enabled, "custom": k.custom,
            "expiresAt": iso(k.expiresAt), "lastUsedAt": iso(k.lastUsedAt), "createdAt": iso(k.createdAt)}  # fmt: skip


def add_key(tenant: Tenant, *, label: str = "", days: int | None = None, custom: str | None = None,
            actor: str) -> dict:  # fmt: skip
    """Add an extra key (generated unless a custom one is given); the generated key is shown only here."""
    lifetime = _lifetime(tenant, days)
    key = custom if custom is not None else generate_key()
    digest = _ensure_unused(key) if custom is not None else hash_key(key)
    entry = ApiKey(hash=digest, prefix=display_prefix(key), encrypted=current_box().seal(key),
                   label=label or "", custom=custom is not None, expiresAt=_expiry(lifetime))  # fmt: skip
    tenant.apiKeys.append(entry)
    _saved(tenant)
    audit.record_event(actor, "tenant", str(tenant.id), tenant.name, f"Added API key {entry.prefix}…")
    out = {"_id": str(entry._id), "prefix": entry.prefix, "label": entry.label,
           "expiresAt": iso(entry.expiresAt), "message": "API key created"}  # fmt: skip
    return out if custom is not None else {**out, "apiKey": key}


def _find(tenant: Tenant, key_id: str) -> ApiKey:
    for k in tenant.apiKeys:
        if ObjectId.is_valid(key_id) and k._id == ObjectId(key_id):
            return k
    raise NotFound("API key not found")


def patch_key(tenant: Tenant, key_id: str, *, enabled: bool | None, label: str | None, actor: str) -> dict:
    if key_id == LEGACY:
        if enabled is not None:
            tenant.keyEnabled = bool(enabled)
        _saved(tenant)
        return {
            "_id": LEGACY,
            "prefix": tenant.apiKeyPrefix,
            "label": "Primary key",
            "enabled": tenant.keyEnabled,
        }
    key = _find(tenant, key_id)
    if enabled is not None:
        key.enabled = bool(enabled)
    if label is not None:
        key.label = label
    _saved(tenant)
    audit.record_event(actor, "tenant", str(tenant.id), tenant.name, f"Changed API key {key.prefix}…")
    return {"_id": str(key._id), "prefix": key.prefix, "label": key.label, "enabled": key.enabled}


def revoke(tenant: Tenant, key_id: str, *, actor: str) -> dict:
    key = _find(tenant, key_id)
    tenant.apiKeys = [k for k in tenant.apiKeys if k._id != key._id]
    _saved(tenant)
    audit.record_event(actor, "tenant", str(tenant.id), tenant.name, f"Revoked API key {key.prefix}…")
    return {"success": True, "message": "API key revoked"}


def reveal(tenant: Tenant, key_id: str, *, actor: str) -> dict:
    """Give a key's plaintext (audited)."""
    sealed = tenant.apiKeyEncrypted if key_id == LEGACY else _find(tenant, key_id).encrypted
    if not sealed:
        raise NotFound("API key not found")
    audit.record_event(actor, "tenant", str(tenant.id), tenant.name, f"Revealed API key {key_id}")
    return {"apiKey": current_box().open(sealed)}
