"""Calls the real gateway in-process as a tenant, so admin "try it" features behave exactly like clients."""

from __future__ import annotations

import time

from flask import Flask

from ..auth.secrets import current_box
from ..errors import ProviderError, ValidationFailed
from ..models import Provider, Tenant

AUTO = ("auto", "auto-prism", "model-prism")


def _path(tenant: Tenant) -> str:
    return "/api/v1/chat/completions" if tenant.isDefault else f"/api/{tenant.slug}/v1/chat/completions"


def _first_visible_model(tenant: Tenant) -> str:
    for provider in Provider.objects(id__in=tenant.providerIds):
        for m in provider.discoveredModels:
            if m.visible and "embeddings" not in (m.capabilities or []):
                return m.id
    raise ValidationFailed("The tenant has no visible model")


def chat(app: Flask, tenant: Tenant, body: dict, *, user: str, session: str) -> dict:
    """Give the gateway's JSON answer for the body sent with the tenant's own key; 502 on a failure."""
    key = current_box().open(tenant.apiKeyEncrypted or "")
    if not key:
        raise ValidationFailed("The tenant has no primary key")
    if body.get("model") in AUTO and not (tenant.routing or {}).get("enabled"):
        body = {**body, "model": _first_visible_model(tenant)}
    res = app.test_client().post(
        _path(tenant), json=body,
        headers={"Authorization": f"Bearer {key}", "x-user": user, "x-session-id": session},
    )  # fmt: skip
    data = res.get_json(silent=True) or {}
    if res.status_code != 200:
        message = (data.get("error") or {}).get("message") if isinstance(data.get("error"), dict) else None
        raise ProviderError(message or f"Gateway answered {res.status_code}", status=502)
    return data


def try_request(app: Flask, tenant: Tenant, *, model: str, messages: list, system_prompt: str | None,
                 actor: str) -> dict:  # fmt: skip
    """Run an admin test chat as the tenant and give the spec's summary of the answer."""
    if not isinstance(messages, list) or not messages:
        raise ValidationFailed("messages required")
    if system_prompt:
        messages = [{"role": "system", "content": system_prompt}, *messages]
    body = {"model": model or "auto-prism", "messages": messages, "temperature": 0.7, "max_tokens": 1024}
    data = chat(app, tenant, body, user=f"admin:{actor}", session=f"admin-test-{int(time.time() * 1000)}")
    usage, cost = data.get("usage") or {}, data.get("cost_info") or {}
    routing = data.get("auto_routing")
    out = {
        "content": ((data.get("choices") or [{}])[0].get("message") or {}).get("content"),
        "model": data.get("model"), "inputTokens": usage.get("prompt_tokens", 0),
        "outputTokens": usage.get("completion_tokens", 0), "costUsd": cost.get("actual_cost", 0),
        "routing": routing,
    }  # fmt: skip
    if cost.get("routing_cost"):
        out["routingCostUsd"] = cost["routing_cost"]
    return out
