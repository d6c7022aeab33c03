"""Provision a running gateway through its HTTP admin API: admin, login, provider, discovery, tenant and key."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

import orjson

ADMIN_USER = "benchadmin"
ADMIN_PASSWORD = "bench-password-123"
TENANT_SLUG = "bench"


class ProvisionError(RuntimeError):
    """The admin API refused a step; the message names the step, status and body."""


@dataclass(frozen=True)
class Provisioned:
    """What the load needs: the tenant's base URL, its API key and the discovered model ids."""

    base_url: str
    api_key: str
    models: tuple[str, ...]


def call(
    method: str, url: str, body: dict | None = None, token: str = "", timeout: float = 30
) -> tuple[int, dict]:
    """Give (status, JSON body) of one admin API call; non-JSON bodies come back as {"raw": text}."""
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError("admin calls only go to 127.0.0.1")
    data = orjson.dumps(body) if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    try:
        return status, orjson.loads(raw) if raw else {}
    except orjson.JSONDecodeError:
        return status, {"raw": raw[:300].decode("utf-8", "replace")}


def _expect(step: str, status: int, body: dict, ok: tuple[int, ...] = (200, 201)) -> dict:
    if status not in ok:
        raise ProvisionError(f"{step}: HTTP {status} {orjson.dumps(body)[:300].decode()}")
    return body


def _id(doc: dict) -> str:
    return str(doc.get("_id") or doc.get("id") or "")


def _create_provider(admin: str, token: str, upstream_url: str, types: tuple[str, ...]) -> dict:
    last: tuple[int, dict] = (0, {})
    for kind in types:
        body = {
            "name": "Bench upstream",
            "type": kind,
            "config": {
                "baseUrl": upstream_url,
                "auth": {"type": "api_key", "apiKey": "sk-upstream-bench"},
                "options": {"allowPrivateNetwork": True},  # the fake listens on 127.0.0.1
            },
        }
        last = call("POST", f"{admin}/providers/", body, token)
        if last[0] in (200, 201):
            return last[1]
    return _expect("create provider", *last)


def provision(gateway_url: str, upstream_url: str, provider_types: tuple[str, ...]) -> Provisioned:
    """Set up a fresh gateway so that tenant `bench` routes to the fake upstream; give its key."""
    prism = f"{gateway_url}/api/prism"
    _expect(
        "setup admin",
        *call("POST", f"{prism}/setup/admin", {"username": ADMIN_USER, "password": ADMIN_PASSWORD}),
    )
    login = _expect(
        "login", *call("POST", f"{prism}/auth/login", {"username": ADMIN_USER, "password": ADMIN_PASSWORD})
    )
    token = login["token"]
    call("POST", f"{prism}/setup/complete", {}, token)  # older builds may not need it; failures surface below
    admin = f"{prism}/admin"
    provider = _create_provider(admin, token, upstream_url, provider_types)
    found = _expect("discover", *call("POST", f"{admin}/providers/{_id(provider)}/discover", {}, token))
    models = tuple(str(m.get("id") or m.get("modelId") or "") for m in found.get("models", []))
    tenant_body = {
        "slug": TENANT_SLUG,
        "name": "Bench tenant",
        "providerIds": [_id(provider)],
        "routing": {"enabled": True, "defaultModel": models[0] if models else "gpt-4o-mini"},
        # limits on, set high enough never to trigger: the checks still run on every request
        "rateLimit": {"requestsPerMinute": 100_000_000, "tokensPerMinute": 1_000_000_000_000},
        "budgetLimits": {"dailyUsd": 1_000_000, "weeklyUsd": 0, "monthlyUsd": 0},
    }
    tenant = _expect("create tenant", *call("POST", f"{admin}/tenants/", tenant_body, token))
    key = tenant.get("apiKey")
    if not key:
        raise ProvisionError(f"create tenant: no apiKey in {sorted(tenant)}")
    return Provisioned(base_url=f"{gateway_url}/api/{TENANT_SLUG}/v1", api_key=key, models=models)
