"""IDE config generation for the admin UI and the public page, on the gateway's catalogue and generators."""

from __future__ import annotations

import orjson

from ..errors import Forbidden, NotFound, ValidationFailed
from ..gateway import config_endpoints as gen
from ..snapshot.views import ConfigSnapshot, TenantView
from . import system_config

FORMATS = ("continue", "opencode", "openwebui")


def visible_tenants(snapshot: ConfigSnapshot, tenant_ids: list[str] | None) -> list[dict]:
    """Give active tenants as {_id, slug, name, isDefault}; None = all, else only the given ids."""
    rows = [t for t in snapshot.tenants_by_id.values() if t.active and not getattr(t, "internal", False)]
    if tenant_ids is not None:
        rows = [t for t in rows if t.id in tenant_ids]
    return [{"_id": t.id, "slug": t.slug, "name": t.name, "isDefault": t.is_default} for t in rows]


def resolve(snapshot: ConfigSnapshot, ref: str | None) -> TenantView:
    """Give the tenant by id or slug (the default tenant when none is named)."""
    if not ref:
        found = next((t for t in snapshot.tenants_by_id.values() if t.is_default), None)
    else:
        found = snapshot.tenants_by_id.get(ref) or snapshot.tenants_by_slug.get(ref)
    if found is None:
        raise NotFound("Tenant not found")
    return found


def models(snapshot: ConfigSnapshot, tenant: TenantView) -> dict:
    catalogue = gen.catalogue(snapshot, tenant)
    return {"tenant": {"slug": tenant.slug, "name": tenant.name},
            "models": ([gen.auto_entry()] if tenant.routing_enabled else []) + catalogue,
            "recommendations": gen.recommendations(catalogue), "formats": list(FORMATS)}  # fmt: skip


def base_url(root: str, tenant: TenantView) -> str:
    return f"{root.rstrip('/')}/api/v1" if tenant.is_default else f"{root.rstrip('/')}/api/{tenant.slug}/v1"


def generate(snapshot: ConfigSnapshot, tenant: TenantView, fmt: str, wanted: list | None, api_key: str | None,
             root: str) -> tuple[str, str]:  # fmt: skip
    """Give (mimetype, text) of the requested config format."""
    if fmt not in FORMATS:
        raise ValidationFailed("format must be continue, opencode or openwebui")
    catalogue = gen.catalogue(snapshot, tenant)
    selected = [m for m in catalogue if m["id"] in (wanted or [])] if wanted else []
    base, key = base_url(root, tenant), api_key or "YOUR_API_KEY"
    if fmt == "continue":
        return "text/yaml", gen.continue_yaml(tenant, catalogue, selected, base, key)
    if fmt == "opencode":
        return "application/json", orjson.dumps(gen.opencode_config(tenant, selected, base, key)).decode()
    doc = {"_comment": "Open WebUI: Settings → Connections → OpenAI API → add this connection", "url": base,
           "key": key, "name": f"Model Prism ({tenant.slug})",
           "models": ["auto-prism"] + [m["id"] for m in selected],
           "instructions": "Use auto-prism to let Model Prism pick the cheapest capable model."}  # fmt: skip
    return "application/json", orjson.dumps(doc).decode()


def public_tenant(snapshot: ConfigSnapshot, slug: str | None) -> TenantView:
    """Give the tenant for the public page, refusing when the page is off or the tenant is not enabled."""
    settings = system_config.ide_settings()
    if not settings["publicEnabled"]:
        raise Forbidden("Public config page is disabled")
    tenant = resolve(snapshot, slug)
    allowed = settings["publicTenantIds"] or [t.id for t in snapshot.tenants_by_id.values() if t.is_default]
    if tenant.id not in allowed:
        raise Forbidden("This tenant is not enabled for public config")
    return tenant


def public_tenants(snapshot: ConfigSnapshot) -> list[dict]:
    settings = system_config.ide_settings()
    if not settings["publicEnabled"]:
        return []
    allowed = settings["publicTenantIds"] or [t.id for t in snapshot.tenants_by_id.values() if t.is_default]
    return visible_tenants(snapshot, allowed)
