"""The whole setup wizard through the HTTP API on a fresh store, then the default tenant's key on the gateway."""

from __future__ import annotations

from .helpers import call, fresh_ip


def test_wizard_admin_provider_profiles_complete_then_gateway(client, fake_openai):
    assert client.get("/api/prism/setup/status").get_json() == {"setupComplete": False}
    blocked = client.get("/api/prism/admin/tenants/")
    assert blocked.status_code == 503 and blocked.get_json() == {
        "error": "Setup not completed",
        "setupRequired": True,
    }
    assert client.get("/api/prism/setup/dev-defaults").get_json()["admin"] == {
        "username": None,
        "password": None,
    }

    # step 1: admin
    short = client.post("/api/prism/setup/admin", json={"username": "admin", "password": "short"})
    assert short.get_json() == {"error": "Username and password (min 8 chars) required"}
    created = client.post("/api/prism/setup/admin", json={"username": "admin", "password": "wizard-pass-1"})
    assert created.get_json() == {"success": True, "message": "Admin account created"}
    login = client.post("/api/prism/auth/login", json={"username": "admin", "password": "wizard-pass-1"},
                        environ_base={"REMOTE_ADDR": fresh_ip()}).get_json()  # fmt: skip
    token = login["token"]
    assert call(client, "POST", "/api/prism/setup/complete").status_code == 401
    assert call(client, "POST", "/api/prism/setup/complete", token).get_json()["success"] is True
    again = client.post("/api/prism/setup/admin", json={"username": "evil", "password": "wizard-pass-2"})
    assert again.get_json() == {"error": "Setup already completed"}

    # step 2: provider → check → discover → default tenant → try a model
    provider = call(client, "POST", "/api/prism/admin/providers/", token, json={
        "name": "Local", "type": "openai",
        "config": {"baseUrl": fake_openai.base_url, "auth": {"type": "api_key", "apiKey": "sk-wizard"}},
    }).get_json()  # fmt: skip
    pid = provider["_id"]
    check = call(client, "POST", f"/api/prism/admin/providers/{pid}/check", token).get_json()
    assert check["success"] is True, check
    assert call(client, "POST", f"/api/prism/admin/providers/{pid}/discover", token).get_json()["count"] == 3
    added = call(
        client, "POST", "/api/prism/admin/tenants/default/add-provider", token, json={"providerId": pid}
    )
    assert added.get_json()["added"] is True and added.get_json()["tenantSlug"] == "api"
    tried = call(client, "POST", f"/api/prism/admin/providers/{pid}/chat", token,
                 json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hello"}]})  # fmt: skip
    assert tried.status_code == 200

    # step 3: profiles
    presets = call(client, "GET", "/api/prism/admin/categories/presets", token).get_json()
    assert len(presets) == 7
    call(client, "PATCH", f"/api/prism/admin/providers/{pid}/models/gpt-4o-mini", token, json={"tier": "low"})
    applied = call(client, "POST", "/api/prism/admin/categories/apply-preset", token,
                   json={"profileIds": ["general_all"], "providerId": pid}).get_json()  # fmt: skip
    assert applied["profiles"] == ["General (All Categories)"] and applied["updated"] >= 1
    # discovery fills tiers from the registry (gpt-4o is medium), so presets may assign either model
    assert {a["model"] for a in applied["assignments"]} <= {"gpt-4o-mini", "gpt-4o"}
    assert any(a["model"] == "gpt-4o-mini" and a["tier"] == "low" for a in applied["assignments"])

    # step 4: the default tenant's endpoint and key, used on the gateway shorthand /api/v1
    tenants = call(client, "GET", "/api/prism/admin/tenants/", token).get_json()
    default = next(t for t in tenants if t["isDefault"])
    key = call(
        client, "GET", f"/api/prism/admin/tenants/{default['_id']}/keys/legacy/reveal", token
    ).get_json()["apiKey"]
    assert key.startswith("omp-") and key != "model-prism"
    chat = client.post("/api/v1/chat/completions", headers={"Authorization": f"Bearer {key}"},
                       json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]})  # fmt: skip
    assert chat.status_code == 200, chat.get_json()
    assert fake_openai.headers[-1]["Authorization"] == "Bearer sk-wizard"


def test_security_headers_and_cors(client):
    res = client.get("/api/prism/setup/status", headers={"Origin": "https://ui.example"})
    assert res.headers["X-Content-Type-Options"] == "nosniff"
    assert res.headers["X-Frame-Options"] == "SAMEORIGIN" and res.headers["Referrer-Policy"] == "no-referrer"
    assert res.headers["Access-Control-Allow-Origin"] in ("*", "https://ui.example")
    assert res.headers.get("x-request-id")
    preflight = client.options("/api/prism/auth/login", headers={
        "Origin": "https://ui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Authorization, Content-Type"})  # fmt: skip
    assert preflight.status_code == 200 and "POST" in preflight.headers["Access-Control-Allow-Methods"]


def test_cors_origins_are_restricted_when_configured(tmp_path):
    from model_prism.app import create_app
    from tests.conftest import make_config

    app = create_app(
        make_config(DATA_DIR=str(tmp_path), CORS_ORIGINS="https://ok.example"), start_background=False
    )
    client = app.test_client()
    ok = client.get("/api/prism/setup/status", headers={"Origin": "https://ok.example"})
    assert ok.headers["Access-Control-Allow-Origin"] == "https://ok.example"
    evil = client.get("/api/prism/setup/status", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in evil.headers


def test_unknown_admin_paths_and_bad_json_answer_in_the_admin_shape(client):
    client.post("/api/prism/setup/admin", json={"username": "admin", "password": "wizard-pass-1"})
    token = client.post("/api/prism/auth/login", json={"username": "admin", "password": "wizard-pass-1"},
                        environ_base={"REMOTE_ADDR": fresh_ip()}).get_json()["token"]  # fmt: skip
    call(client, "POST", "/api/prism/setup/complete", token)
    assert call(client, "GET", "/api/prism/admin/nope", token).get_json() == {"error": "Not found"}
    res = client.post("/api/prism/admin/tenants/", data="{not json", headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})  # fmt: skip
    assert res.status_code == 400 and set(res.get_json()) <= {"error", "details"}
    wrong = call(client, "DELETE", "/api/prism/setup/status", token)
    assert wrong.status_code in (404, 405) and set(wrong.get_json()) == {"error"}
