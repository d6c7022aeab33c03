"""LDAP settings (one document): read masked, partial update, the service-bind test, and login settings."""

from __future__ import annotations

from ..auth.ldap_client import LdapError, LdapSettings, check_service_bind, run_blocking
from ..auth.secrets import current_box
from ..errors import ValidationFailed
from ..models import LdapConfig
from ..models.user import ROLES
from . import audit

MASK = "***"
FIELDS = ("url", "bindDn", "bindPassword", "searchBase", "searchFilter", "defaultRole", "groupMapping",
          "tlsInsecure", "timeoutSeconds")  # fmt: skip
DEFAULTS = {"searchFilter": "(uid={{username}})", "defaultRole": "chat-user", "groupMapping": [],
            "tlsInsecure": False, "timeoutSeconds": 5}  # fmt: skip


def _doc() -> LdapConfig | None:
    return LdapConfig.objects.first()


def masked_view(doc: LdapConfig | None = None) -> dict:
    """Give the LDAP config with the bind password shown as '***' ({enabled:false} when none)."""
    doc = doc or _doc()
    if doc is None:
        return {"enabled": False}
    out = {**DEFAULTS, **(doc.settings or {}), "enabled": doc.enabled}
    out["bindPassword"] = MASK if out.get("bindPassword") else ""
    return out


def _validate(values: dict) -> None:
    if values.get("url") and not str(values["url"]).lower().startswith(("ldap://", "ldaps://")):
        raise ValidationFailed("LDAP URL must start with ldap:// or ldaps://")
    if (
        values.get("defaultRole")
        and values["defaultRole"] not in ROLES
        or values.get("defaultRole") == "admin"
    ):
        raise ValidationFailed("Invalid default role")
    for entry in values.get("groupMapping") or []:
        if not isinstance(entry, dict) or not entry.get("groupDn") or entry.get("role") not in ROLES:
            raise ValidationFailed("Each group mapping needs a groupDn and a valid role")


def update(values: dict, *, actor: str) -> dict:
    """Save the given fields; a password is stored (sealed) only when a new value other than '***' is sent."""
    _validate(values)
    doc = _doc() or LdapConfig()
    before = masked_view(doc) if doc.id else {}
    settings = dict(doc.settings or {})
    for key in FIELDS:
        if key not in values:
            continue
        if key == "bindPassword":
            if values[key] and values[key] != MASK:
                settings[key] = current_box().seal(values[key])
        else:
            settings[key] = values[key]
    doc.settings = settings
    if "enabled" in values:
        doc.enabled = bool(values["enabled"])
    doc.save()
    after = masked_view(doc)
    audit.record_update(actor, "settings", str(doc.id), "LDAP", before, after)
    return after


def _settings_from(values: dict) -> LdapSettings:
    mapping = tuple((m["groupDn"], m["role"]) for m in values.get("groupMapping") or [] if m.get("groupDn"))
    return LdapSettings(
        url=values.get("url") or "",
        bind_dn=values.get("bindDn") or "",
        bind_password=current_box().open(values.get("bindPassword") or "") or "",
        search_base=values.get("searchBase") or "",
        search_filter=values.get("searchFilter") or DEFAULTS["searchFilter"],
        default_role=values.get("defaultRole") or DEFAULTS["defaultRole"],
        group_mapping=mapping,
        tls_insecure=bool(values.get("tlsInsecure")),
        timeout=float(values.get("timeoutSeconds") or DEFAULTS["timeoutSeconds"]),
    )


def login_settings() -> LdapSettings | None:
    """Give the settings for LDAP login, or None when LDAP is off or has no URL."""
    doc = _doc()
    if doc is None or not doc.enabled or not (doc.settings or {}).get("url"):
        return None
    return _settings_from(doc.settings)


def try_bind(values: dict) -> dict:
    """Try a service bind with the given values ('***'/empty password → the stored one)."""
    stored = dict((_doc().settings or {}) if _doc() else {})
    candidate = {**stored, **{k: v for k, v in values.items() if v is not None}}
    if not values.get("bindPassword") or values.get("bindPassword") == MASK:
        candidate["bindPassword"] = stored.get("bindPassword", "")
    if not candidate.get("url"):
        raise ValidationFailed("LDAP URL required")
    try:
        run_blocking(check_service_bind, _settings_from(candidate))
    except LdapError as exc:
        return {"success": False, "error": str(exc)}
    return {"success": True, "message": "LDAP bind successful"}
