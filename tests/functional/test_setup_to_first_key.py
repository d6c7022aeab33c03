"""From an empty store to a working tenant key through the HTTP API only."""

from __future__ import annotations

from model_prism.models import Provider


def test_setup_provider_tenant_then_gateway(client, fake_openai):
    assert client.get("/api/prism/setup/status").get_json() == {"setupComplete": False}
    assert client.get("/api/prism/admin/providers/").status_code == 503
    res = client.post("/api/prism/setup/admin", json={"username": "Root", "password": "s3cret-pass"})
    assert res.status_code == 200, res.get_json()
    assert client.post(
        "/api/prism/setup/admin", json={"username": "x", "password": "s3cret-pass"}
    ).status_code in (200, 400)
    token = client.post(
        "/api/prism/auth/login", json={"username": "root", "password": "s3cret-pass"}
    ).get_json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert client.post("/api/prism/setup/complete").status_code == 401
    assert client.post("/api/prism/setup/complete", headers=auth).get_json()["success"] is True
    assert client.get("/api/prism/setup/status").get_json() == {"setupComplete": True}

    created = client.post(
        "/api/prism/admin/providers/",
        json={
            "name": "Local OpenAI",
            "type": "openai",
            "config": {
                "baseUrl": fake_openai.base_url,
                "auth": {"type": "api_key", "apiKey": "sk-very-secret"},
            },
        },
        headers=auth,
    )
    assert created.status_code == 201
    provider = created.get_json()
    assert "sk-very-secret" not in created.get_data(as_text=True)
    assert provider["config"]["auth"]["hasCredentials"] is True
    assert Provider.objects.get().config["auth"]["apiKey"].startswith("enc:")
    single = client.get(f"/api/prism/admin/providers/{provider['_id']}", headers=auth).get_json()
    assert single["config"]["auth"]["apiKey"] == "***"

    discovered = client.post(
        f"/api/prism/admin/providers/{provider['_id']}/discover", headers=auth
    ).get_json()
    assert discovered["count"] == 3 and discovered["apiPath"] == "/v1"

    tenant = client.post(
        "/api/prism/admin/tenants/",
        json={"slug": "team-x", "name": "Team X", "providerIds": [provider["_id"]]},
        headers=auth,
    )
    assert tenant.status_code == 201
    key = tenant.get_json()["apiKey"]
    assert key.startswith("omp-") and len(key) == 68
    listing = client.get("/api/prism/admin/tenants/", headers=auth)
    assert key not in listing.get_data(as_text=True) and "apiKeyHash" not in listing.get_data(as_text=True)

    chat = client.post(
        "/api/team-x/v1/chat/completions",
        json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert chat.status_code == 200, chat.get_json()
    assert fake_openai.headers[-1]["Authorization"] == "Bearer sk-very-secret"


def test_login_failures_and_role_guard(client):
    client.post("/api/prism/setup/admin", json={"username": "admin", "password": "s3cret-pass"})
    assert (
        client.post("/api/prism/auth/login", json={"username": "admin", "password": "wrong"}).status_code
        == 401
    )
    assert client.post("/api/prism/auth/login", json={}).get_json() == {
        "error": "Username and password required"
    }
    assert client.get("/api/prism/auth/me", headers={"Authorization": "Bearer nope"}).get_json() == {
        "error": "Invalid token"
    }


def test_admin_validation_errors_use_the_admin_shape(client):
    client.post("/api/prism/setup/admin", json={"username": "admin", "password": "s3cret-pass"})
    token = client.post(
        "/api/prism/auth/login", json={"username": "admin", "password": "s3cret-pass"}
    ).get_json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    client.post("/api/prism/setup/complete", headers=auth)
    res = client.post("/api/prism/admin/tenants/", json={"slug": "Bad Slug!", "name": "x"}, headers=auth)
    assert res.status_code == 400 and "error" in res.get_json()
    assert (
        client.post(
            "/api/prism/admin/tenants/", json={"slug": "prism", "name": "x"}, headers=auth
        ).status_code
        == 400
    )
    assert client.get("/api/prism/admin/providers/not-an-id", headers=auth).get_json() == {
        "error": "Invalid id"
    }
    res = client.post("/api/prism/admin/tenants/", json={"slug": 5, "name": []}, headers=auth)
    assert res.status_code == 400 and res.get_json()["error"] == "Validation failed"


def test_provider_urls_are_checked_against_ssrf_in_production_mode(tmp_path):
    from model_prism.app import create_app
    from tests.conftest import make_config

    app = create_app(
        make_config(ALLOW_PRIVATE_PROVIDER_URLS="false", DATA_DIR=str(tmp_path)), start_background=False
    )
    client = app.test_client()
    from tests.factories import make_admin

    auth = {"Authorization": f"Bearer {make_admin(client)}"}
    for url in (
        "http://127.0.0.1:11434",
        "http://169.254.169.254/latest",
        "http://10.1.2.3",
        "file:///etc/passwd",
    ):
        res = client.post(
            "/api/prism/admin/providers/",
            json={"name": "x", "type": "openai", "config": {"baseUrl": url}},
            headers=auth,
        )
        assert res.status_code == 400, url
    allowed = client.post(
        "/api/prism/admin/providers/",
        json={
            "name": "ollama",
            "type": "ollama",
            "config": {"baseUrl": "http://127.0.0.1:11434", "options": {"allowPrivateNetwork": True}},
        },
        headers=auth,
    )
    assert allowed.status_code == 201
    pid = allowed.get_json()["_id"]
    moved = client.put(
        f"/api/prism/admin/providers/{pid}",
        json={"config": {"baseUrl": "http://10.0.0.5", "options": {}}},
        headers=auth,
    )
    assert moved.status_code == 400
