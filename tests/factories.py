"""Factories for providers, tenants, keys and admin sessions (they go through the services, like the API does)."""

from __future__ import annotations

from model_prism.services import providers, setup, tenants, users


def make_provider(
    state,
    *,
    name: str = "Fake OpenAI",
    type: str = "openai",
    base_url: str = "",
    api_key: str = "sk-test",
    discover: bool = True,
    tiers: dict | None = None,
):
    provider = providers.create_provider(
        name=name, type=type, config={"baseUrl": base_url, "auth": {"type": "api_key", "apiKey": api_key}}
    )
    if discover:
        providers.discover(str(provider.id), state.gateway.transport)
        provider.reload()
    if tiers:
        for model in provider.discoveredModels:
            if model.id in tiers:
                model.tier = tiers[model.id]
        provider.save()
    return provider


def make_tenant(*, slug: str = "team-a", providers_=(), routing: dict | None = None, **fields):
    """Give (tenant, plaintext key)."""
    return tenants.create_tenant(
        slug=slug, name=slug.title(), provider_ids=[str(p.id) for p in providers_], routing=routing, **fields
    )


def make_admin(client, username: str = "admin", password: str = "correct-horse-battery") -> str:
    """Create the first admin through setup, complete setup, and give a JWT."""
    users.create_user(username=username, password=password, role="admin")
    setup.complete(username)
    res = client.post("/api/prism/auth/login", json={"username": username, "password": password})
    return res.get_json()["token"]
