"""Settings export and import (tenants-and-admin §18): secrets stay sealed; analytics are never touched."""

from __future__ import annotations

from bson import ObjectId, json_util

from .. import __version__
from ..auth.secrets import current_box
from ..errors import ValidationFailed
from ..models import (
    ChatConfig,
    Experiment,
    LdapConfig,
    LogConfig,
    Provider,
    Quota,
    RoutingCategory,
    RoutingRuleSet,
    SystemConfig,
    Tenant,
    User,
    Webhook,
)
from ..models.base import utcnow
from ..snapshot import propagation
from . import audit
from .jsonview import iso

EXPORT_TYPE = "model-prism-settings-export"
ARRAYS = {"providers": Provider, "tenants": Tenant, "routingCategories": RoutingCategory,
          "routingRuleSets": RoutingRuleSet, "systemConfig": SystemConfig, "webhooks": Webhook, "quotas": Quota,
          "experiments": Experiment}  # fmt: skip
SINGLETONS = {"logConfig": LogConfig, "chatConfig": ChatConfig, "ldapConfig": LdapConfig}
REFS = {"providerIds", "tenantId", "tenants", "webhookId", "providerId"}
PROVIDER_SECRETS = ("apiKey", "accessKeyId", "secretAccessKey")


def _raw(document) -> list[dict]:
    return list(document._get_collection().find({}))


def _sealed_provider(doc: dict) -> dict:
    auth = dict((doc.get("config") or {}).get("auth") or {})
    for field in PROVIDER_SECRETS:
        if auth.get(field):
            auth[field] = current_box().seal(auth[field])
    return {**doc, "config": {**(doc.get("config") or {}), "auth": auth}}


def export() -> tuple[str, str]:
    """Give (filename, extended-JSON text) of every setting; secrets sealed, users without password hashes."""
    doc: dict = {"_meta": {"exportedAt": iso(utcnow()), "version": __version__, "type": EXPORT_TYPE}}
    for name, document in ARRAYS.items():
        doc[name] = _raw(document)
    doc["providers"] = [_sealed_provider(p) for p in doc["providers"]]
    for name, document in SINGLETONS.items():
        rows = _raw(document)
        doc[name] = rows[0] if rows else None
    doc["users"] = [{k: v for k, v in u.items() if k != "passwordHash"} for u in _raw(User)]
    filename = f"model-prism-settings-{utcnow().strftime('%Y-%m-%d')}.json"
    return filename, json_util.dumps(doc, json_options=json_util.RELAXED_JSON_OPTIONS)


def _ids(value):
    if isinstance(value, str) and ObjectId.is_valid(value) and len(value) == 24:
        return ObjectId(value)
    if isinstance(value, list):
        return [_ids(v) for v in value]
    return value


def _restore(doc: dict) -> dict:
    """Give the document with ids restored (exports written as plain strings still import)."""
    return {k: (_ids(v) if k == "_id" or k in REFS else v) for k, v in doc.items()}


def _upsert(document, doc: dict) -> None:
    collection = document._get_collection()
    doc = _restore(doc)
    if "_id" in doc:
        collection.replace_one({"_id": doc["_id"]}, doc, upsert=True)
    else:
        collection.insert_one(doc)


def import_settings(data: dict, *, actor: str) -> dict:
    """Upsert every collection of an export; users arrive inactive and without passwords (existing names kept)."""
    data = json_util.loads(json_util.dumps(data))  # turn {"$oid": …} / {"$date": …} back into BSON types
    meta = data.get("_meta") or {}
    if meta.get("type") != EXPORT_TYPE:
        raise ValidationFailed("Invalid export file — missing or wrong _meta.type")
    counts = {"providers": 0, "tenants": 0, "categories": 0, "ruleSets": 0, "other": 0}
    names = {"providers": "providers", "tenants": "tenants", "routingCategories": "categories",
             "routingRuleSets": "ruleSets"}  # fmt: skip
    for name, document in ARRAYS.items():
        for doc in data.get(name) or []:
            _upsert(document, doc)
            counts[names.get(name, "other")] += 1
    for name, document in SINGLETONS.items():
        if isinstance(data.get(name), dict):
            document._get_collection().delete_many({})
            _upsert(document, data[name])
            counts["other"] += 1
    for user in data.get("users") or []:
        if not User.objects(username=user.get("username")).first():
            _upsert(User, {**user, "passwordHash": None, "active": False})
            counts["other"] += 1
    propagation.bump("import")
    audit.record_event(
        actor, "settings", None, "Settings import", f"Imported settings from {meta.get('exportedAt')}"
    )
    return {"success": True, "imported": counts, "from": meta}
