"""Key/value settings in `systemconfigs`: IDE config page switches and appearance (with defaults)."""

from __future__ import annotations

from ..errors import ValidationFailed
from ..models import SystemConfig
from ..snapshot import propagation
from . import audit

LOGO_MAX_CHARS = 140_000
APPEARANCE_DEFAULTS = {
    "theme": "dark", "brandName": "Model Prism", "pageTitle": "{brand}", "chatTitle": "Chat", "logoUrl": "",
    "logoData": "",
    "custom": {
        "primaryColor": "#228be6", "accentColor": "#38bdf8", "bodyBg": "#141517", "navBg": "#1a1b1e",
        "headerBg": "#1a1b1e", "cardBg": "#1a1b1e", "inputBg": "#25262b", "hoverBg": "#2c2e33", "codeBg": "#0d0d14",
        "textColor": "#e6e6e6", "textDimmed": "#868e96", "textMuted": "#5c5f66", "borderColor": "#2c2e33",
        "successColor": "#40c057", "warningColor": "#fab005", "errorColor": "#fa5252", "infoColor": "#4c6ef5",
        "navText": "rgba(255,255,255,0.7)", "navActive": "#228be6", "navHoverBg": "rgba(255,255,255,0.05)",
        "btnText": "#ffffff", "scrollbar": "#3a3a3a", "chartGrid": "#333333", "tooltipBg": "#1a1b1e",
    },
}  # fmt: skip
THEMES = ("dark", "light", "system", "custom")


def read(key: str, default=None):
    doc = SystemConfig.objects(key=key).first()
    return doc.value if doc is not None else default


def write(key: str, value) -> None:
    SystemConfig.objects(key=key).update_one(set__value=value, upsert=True)
    propagation.bump("systemconfigs")


def appearance() -> dict:
    stored = read("appearance", {}) or {}
    return {
        **APPEARANCE_DEFAULTS,
        **stored,
        "custom": {**APPEARANCE_DEFAULTS["custom"], **(stored.get("custom") or {})},
    }


def save_appearance(values: dict, *, actor: str) -> dict:
    if len(values.get("logoData") or "") > LOGO_MAX_CHARS:
        raise ValidationFailed("Logo too large (max 100KB)")
    if values.get("theme") and values["theme"] not in THEMES:
        raise ValidationFailed("theme must be dark, light, system or custom")
    before = appearance()
    stored = dict(read("appearance", {}) or {})
    custom = {**(stored.get("custom") or {}), **(values.get("custom") or {})}
    stored.update({k: v for k, v in values.items() if k in APPEARANCE_DEFAULTS and k != "custom"})
    stored["custom"] = custom
    write("appearance", stored)
    after = appearance()
    audit.record_update(actor, "settings", "appearance", "Appearance", before, after)
    return after


def ide_settings() -> dict:
    return {"publicEnabled": bool(read("ide_config_public_enabled", False)),
            "publicTenantIds": [str(t) for t in read("ide_config_public_tenants", []) or []]}  # fmt: skip


def save_ide_settings(values: dict, *, actor: str) -> dict:
    before = ide_settings()
    if values.get("publicEnabled") is not None:
        write("ide_config_public_enabled", bool(values["publicEnabled"]))
    if values.get("publicTenantIds") is not None:
        write("ide_config_public_tenants", [str(t) for t in values["publicTenantIds"]])
    after = ide_settings()
    audit.record_update(actor, "settings", "ide_config", "IDE config page", before, after)
    return after
