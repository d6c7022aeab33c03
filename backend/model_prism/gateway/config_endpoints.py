"""IDE config generators: `GET /config/models`, `/config/continue` (YAML) and `/config/opencode` (JSON)
(spec gateway §18.3). Everything comes from the in-memory snapshot."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import orjson
from flask import Response, request

from ..errors import GatewayError
from ..snapshot.views import ConfigSnapshot, TenantView
from .authenticate import authenticate
from .policy import model_allowed
from .public import _snapshot, active_tenant
from .target import TIER_ORDER
from .views import api_key_from_request, build_context

AUTO_ID = "model-prism"
AUTO_NAME = "Model Prism (Auto Router)"
# tier → (label, cost text, good for); ultra/critical carry a warning instead.
TIERS = {
    "micro": ("Micro", "negligible", "autocomplete"),
    "minimal": ("Minimal", "very low", "autocomplete"),
    "low": ("Low", "low", "autocomplete, small tasks"),
    "medium": ("Medium", "moderate", "general coding, code review, debugging"),
    "advanced": ("Advanced", "moderate", "complex coding, architecture questions"),
    "high": ("High", "high", "agentic SWE, complex refactoring, security reviews"),
    "ultra": ("Ultra", "very high", None),
    "critical": ("Critical", "very high", None),
}
PREMIUM = ("ultra", "critical")
PREMIUM_WARNING = "Very high cost per token: reserve for the hardest problems."
PREMIUM_SUGGESTION = "Prefer medium to high models (or the auto router) for everyday coding."
AUTO_SUGGESTION = "Use the auto router: it picks the cheapest model that fits each request."
GROUPS = {
    "autocomplete": ("Fast, cheap models for tab autocomplete (FIM)", ("micro", "minimal", "low"), 3),
    "smallTasks": ("Cheap models for small edits and questions", ("low", "medium"), None),
    "recommended": ("Everyday coding and reviews", ("medium", "advanced", "high"), None),
    "premium": ("Most capable, most expensive", PREMIUM, None),
}


def not_found() -> GatewayError:
    return GatewayError(
        "Tenant not found or API key required", status=404, type="not_found", code=None, log=False
    )


def _key() -> str | None:
    return request.args.get("apiKey") or api_key_from_request()


def _tenant_of_key(slug: str, shorthand: bool, key: str) -> TenantView | None:
    ctx = dataclasses.replace(build_context(slug, "/config", b"", shorthand=shorthand), api_key=key)
    try:
        return authenticate(ctx).tenant
    except GatewayError:
        return None


def resolve_tenant(slug: str, shorthand: bool) -> tuple[TenantView, str | None]:
    """Give (tenant, key): the tenant owning a valid key (any tenant on the default slug), else the default
    tenant, which needs no key; any other tenant without a valid key of its own is 404."""
    key = _key()
    owner = _tenant_of_key(slug, shorthand, key) if key else None
    if owner is not None:
        return owner, key
    tenant = active_tenant(_snapshot(), slug)
    if tenant is None or not tenant.is_default:
        raise not_found()
    return tenant, None


def catalogue(snapshot: ConfigSnapshot, tenant: TenantView) -> list[dict]:
    """Give the tenant's visible chat models (first provider wins) as generator entries, cheapest tier first."""
    seen: dict[str, dict] = {}
    for provider in snapshot.tenant_providers(tenant):
        for m in provider.models:
            if m.id in seen or not m.visible or "embeddings" in m.capabilities:
                continue
            if not model_allowed(tenant, m.id, provider.slug):
                continue
            entry = {"id": m.id, "name": m.id, "provider": provider.config.name, "tier": m.tier}
            label = TIERS.get(m.tier or "")
            entry["cost"] = label[1] if label else "unknown"
            if label and label[2]:
                entry["recommendedFor"] = label[2]
            if m.tier in PREMIUM:
                entry["warning"], entry["suggestion"] = PREMIUM_WARNING, PREMIUM_SUGGESTION
            entry["selected"] = False
            seen[m.id] = entry
    rank = {t: i for i, t in enumerate(TIER_ORDER)}
    return sorted(seen.values(), key=lambda e: rank.get(e["tier"] or "", len(rank)))


def recommendations(models: list[dict]) -> dict:
    out = {}
    for name, (description, tiers, limit) in GROUPS.items():
        ids = [m["id"] for m in models if m["tier"] in tiers]
        out[name] = {
            "description": description,
            "models": ids[:limit] if limit else ids,
            "tiers": list(tiers),
        }
    return out


def auto_entry() -> dict:
    return {
        "id": AUTO_ID,
        "name": AUTO_NAME,
        "locked": True,
        "selected": True,
        "tier": "auto",
        "recommendedFor": "everything: each request goes to the cheapest model that can handle it",
        "suggestion": AUTO_SUGGESTION,
    }


def config_models(slug: str, shorthand: bool) -> Response:
    """Serve `GET /config/models`: the catalogue with tier advice for the config generators."""
    tenant, _ = resolve_tenant(slug, shorthand)
    models = catalogue(_snapshot(), tenant)
    doc = {
        "tenant": {"slug": tenant.slug, "name": tenant.name},
        "models": ([auto_entry()] if tenant.routing_enabled else []) + models,
        "recommendations": recommendations(models),
        "formats": ["continue", "opencode"],
    }
    return Response(orjson.dumps(doc), 200, mimetype="application/json")


def _selection(models: list[dict]) -> list[dict]:
    wanted = [m.strip() for m in (request.args.get("models") or "").split(",") if m.strip()]
    by_id = {m["id"]: m for m in models}
    return [by_id[m] for m in wanted if m in by_id]


def _target(tenant: TenantView, key: str | None) -> tuple[str, str]:
    base = request.args.get("baseUrl") or f"{request.host_url.rstrip('/')}/api/{tenant.slug}/v1"
    return base, request.args.get("apiKey") or key or "YOUR_API_KEY"


def _q(value: str) -> str:
    return orjson.dumps(value).decode()  # a JSON string is a valid double-quoted YAML scalar


def _model_yaml(title: str, model: str, base: str, key: str, roles: tuple[str, ...]) -> list[str]:
    return [
        f"  - name: {_q(title)}",
        f"    title: {_q(title)}",
        "    provider: openai",
        f"    model: {_q(model)}",
        f"    apiBase: {_q(base)}",
        f"    apiKey: {_q(key)}",
        f"    roles: [{', '.join(roles)}]",
    ]


def continue_yaml(tenant: TenantView, models: list[dict], selected: list[dict], base: str, key: str) -> str:
    """Give Continue's config.yaml: the auto router, the selected models by tier, the autocomplete model."""
    cheap = next((m for m in models if m["tier"] in ("micro", "minimal", "low")), None)
    fim = (f"{cheap['id']} (autocomplete)", cheap["id"]) if cheap else ("Model Prism (FIM)", "auto-prism")
    lines = [
        f"# Continue configuration for tenant {tenant.name} ({tenant.slug}), generated by Model Prism",
        f"# Generated at {datetime.now(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        f"# Recommendation: {AUTO_SUGGESTION}",
        f"# Autocomplete: {fim[1]} serves tab completion (fill-in-the-middle); pick a micro/low model for it.",
        f"name: {_q('Model Prism (' + tenant.slug + ')')}",
        "version: 1.0.0",
        "schema: v1",
        "models:",
        *_model_yaml(AUTO_NAME, "auto-prism", base, key, ("chat", "edit", "apply")),
    ]
    for tier in TIER_ORDER:
        group = [m for m in selected if m["tier"] == tier]
        if not group:
            continue
        label, cost, good = TIERS[tier]
        advice = f"good for {good}" if good else f"WARNING: {PREMIUM_WARNING}"
        lines.append(f"  # {label} tier · cost {cost} · {advice}")
        for m in group:
            lines += _model_yaml(m["id"], m["id"], base, key, ("chat", "edit", "apply"))
    lines += _model_yaml(fim[0], fim[1], base, key, ("autocomplete",))
    lines += ["tabAutocompleteModel:", f"  title: {_q(fim[0])}", "  provider: openai"]
    lines += [f"  model: {_q(fim[1])}", f"  apiBase: {_q(base)}", f"  apiKey: {_q(key)}"]
    return "\n".join(lines) + "\n"


def _attachment(body: bytes | str, mimetype: str, filename: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, 200, mimetype=mimetype, headers=headers)


def config_continue(slug: str, shorthand: bool) -> Response:
    """Serve `GET /config/continue`: a downloadable Continue YAML."""
    tenant, key = resolve_tenant(slug, shorthand)
    models = catalogue(_snapshot(), tenant)
    base, api_key = _target(tenant, key)
    text = continue_yaml(tenant, models, _selection(models), base, api_key)
    return _attachment(text, "text/yaml", f"continue-config-{tenant.slug}.yaml")


def opencode_config(tenant: TenantView, selected: list[dict], base: str, key: str) -> dict:
    """Give OpenCode's opencode.json with the auto router as the default model."""
    generated = {
        "by": "Model Prism",
        "tenant": tenant.slug,
        "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "recommendation": AUTO_SUGGESTION,
    }
    warnings = [f"{m['id']}: {PREMIUM_WARNING}" for m in selected if m["tier"] in PREMIUM]
    if warnings:
        generated["warnings"] = warnings
    models = {AUTO_ID: {"name": AUTO_NAME}, **{m["id"]: {"name": m["id"]} for m in selected}}
    provider = {
        "npm": "@ai-sdk/openai-compatible",
        "name": "Model Prism",
        "options": {"baseURL": base, "apiKey": key},
        "models": models,
    }
    return {
        "$schema": "https://opencode.ai/config.json",
        "_generated": generated,
        "provider": {AUTO_ID: provider},
        "model": f"{AUTO_ID}/{AUTO_ID}",
        "compaction": {"auto": True, "prune": True},
    }


def config_opencode(slug: str, shorthand: bool) -> Response:
    """Serve `GET /config/opencode`: a downloadable OpenCode JSON."""
    tenant, key = resolve_tenant(slug, shorthand)
    models = catalogue(_snapshot(), tenant)
    base, api_key = _target(tenant, key)
    doc = opencode_config(tenant, _selection(models), base, api_key)
    return _attachment(
        orjson.dumps(doc, option=orjson.OPT_INDENT_2), "application/json", f"opencode-{tenant.slug}.json"
    )
