"""Model resolution: aliases, provider prefixes and the tenant's whitelist/blacklist (spec gateway §7)."""

from __future__ import annotations

from ..errors import GatewayError
from .context import RequestContext


def _matches(model_id: str, provider_slug: str | None, entries) -> bool:
    full = f"{provider_slug}/{model_id}" if provider_slug else model_id
    return any(e in (model_id, full) for e in entries)


def model_allowed(tenant, model_id: str, provider_slug: str | None = None) -> bool:
    """Give True when the tenant's model policy lets the model through."""
    cfg = tenant.model_config or {}
    mode, entries = cfg.get("mode", "all"), cfg.get("list") or []
    if mode == "whitelist":
        return _matches(model_id, provider_slug, entries)
    if mode == "blacklist":
        return not _matches(model_id, provider_slug, entries)
    return True


def apply_policy(ctx: RequestContext) -> RequestContext:
    """Resolve aliases and `provider-slug/model` prefixes, then enforce the model policy (auto always passes)."""
    if ctx.is_auto:
        return ctx.evolve("policy", {"auto": True})
    tenant = ctx.tenant
    model = (tenant.model_config.get("aliases") or {}).get(ctx.model_id, ctx.model_id)
    provider_slug = None
    if "/" in model:
        prefix, rest = model.split("/", 1)
        if any(p.slug == prefix for p in ctx.snapshot.tenant_providers(tenant)):
            provider_slug, model = prefix, rest
    if not model_allowed(tenant, model, provider_slug):
        raise GatewayError(
            f"Model '{ctx.model_id}' is not allowed for this tenant",
            status=403,
            type="access_denied",
            code="model_not_allowed",
            param="model",
        )
    note = {
        "model": model,
        "provider_prefix": provider_slug,
        "alias": model != ctx.model_id and not provider_slug,
    }
    return ctx.evolve("policy", note, model_id=f"{provider_slug}/{model}" if provider_slug else model)
