"""Through the app: each wire format's fake provider registered, discovered, then streamed by the openai SDK via the gateway."""

from __future__ import annotations

from openai import OpenAI

try:  # the openai SDK's HTTP client package (httpx2 in newer releases, httpx before)
    import httpx2 as httpx
except ImportError:  # pragma: no cover - depends on the installed SDK
    import httpx

from model_prism.providers.conformance.cases import TEXT
from tests.fakes.targets import CASE_MODELS, gateway_specs


def _admin(client) -> dict:
    assert client.get("/api/prism/setup/status").get_json() == {"setupComplete": False}
    assert (
        client.post(
            "/api/prism/setup/admin", json={"username": "root", "password": "s3cret-pass"}
        ).status_code
        == 200
    )
    token = client.post(
        "/api/prism/auth/login", json={"username": "root", "password": "s3cret-pass"}
    ).get_json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert client.post("/api/prism/setup/complete", headers=auth).get_json()["success"] is True
    return auth


def test_every_wire_format_streams_through_the_gateway(app, client):
    auth = _admin(client)
    specs = gateway_specs()
    servers = [spec.server() for spec in specs]
    for server in servers:
        server.__enter__()
    try:
        slugs = {}
        for spec, server in zip(specs, servers, strict=True):
            created = client.post("/api/prism/admin/providers/", json=spec.provider(server), headers=auth)
            assert created.status_code == 201, created.get_json()
            provider = created.get_json()
            discovered = client.post(
                f"/api/prism/admin/providers/{provider['_id']}/discover", headers=auth
            ).get_json()
            assert set(CASE_MODELS) <= {m["id"] for m in discovered["models"]}, (spec.label, discovered)
            slugs[spec.label] = (provider["_id"], provider["slug"])
        tenant = client.post(
            "/api/prism/admin/tenants/",
            json={"slug": "wire", "name": "Wire", "providerIds": [pid for pid, _ in slugs.values()]},
            headers=auth,
        )
        key = tenant.get_json()["apiKey"]
        sdk = OpenAI(
            base_url="http://gateway.test/api/wire/v1",
            api_key=key,
            max_retries=0,
            http_client=httpx.Client(transport=httpx.WSGITransport(app=app)),
        )
        for label, (_, slug) in slugs.items():
            stream = sdk.chat.completions.create(
                model=f"{slug}/case-stream",
                messages=[{"role": "user", "content": "hi"}],
                stream=True,
                stream_options={"include_usage": True},
            )
            chunks = list(stream)
            text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
            assert text == TEXT, (label, text)
            assert chunks[-1].usage.completion_tokens == 7, (label, chunks[-1])
    finally:
        for server in servers:
            server.__exit__(None, None, None)
