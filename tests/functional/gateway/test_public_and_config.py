"""Public models, tenant health and the IDE config generators through the app."""

from __future__ import annotations

import orjson
import yaml

from model_prism.models import Tenant
from tests.factories import make_tenant


def test_models_public_needs_no_key_and_hides_unknown_tenants(client, tenant_key):
    res = client.get("/api/team-a/v1/models/public")
    assert res.status_code == 200
    ids = [m["id"] for m in res.get_json()["data"]]
    assert ids[0] == "auto" and "fake-openai/gpt-4o" in ids
    assert all("created" not in m for m in res.get_json()["data"])
    assert client.get("/api/nobody/v1/models/public").status_code == 404


def test_tenant_health_reports_providers(client, tenant_key):
    res = client.get("/api/team-a/v1/health")
    doc = res.get_json()
    assert res.status_code in (200, 207)
    assert doc["tenant"] == "team-a" and doc["keyEnabled"] is True and doc["keyExpired"] is False
    assert doc["providers"][0]["name"] == "Fake OpenAI"
    assert doc["status"] == ("ok" if res.status_code == 200 else "degraded")
    assert doc["timestamp"].endswith("Z")
    missing = client.get("/api/nobody/v1/health")
    assert (missing.status_code, missing.get_json()) == (404, {"status": "not_found", "tenant": "nobody"})


def test_inactive_tenant_is_not_found(client, tenant_key, surfaces):
    Tenant.objects(slug="team-a").update_one(set__active=False)
    surfaces.holder.invalidate()
    assert client.get("/api/team-a/v1/health").status_code == 404


def test_config_models_requires_a_key_of_a_non_default_tenant(client, tenant_key):
    assert client.get("/api/team-a/v1/config/models").status_code == 404
    _, other = make_tenant(slug="team-b")
    assert client.get(f"/api/team-a/v1/config/models?apiKey={other}").status_code == 404
    res = client.get(f"/api/team-a/v1/config/models?apiKey={tenant_key}")
    assert res.status_code == 200
    doc = res.get_json()
    assert doc["tenant"] == {"slug": "team-a", "name": "Team-A"}
    assert doc["models"][0]["id"] == "model-prism" and doc["models"][0]["locked"] is True
    by_id = {m["id"]: m for m in doc["models"]}
    assert by_id["gpt-4o-mini"]["tier"] == "low" and by_id["gpt-4o-mini"]["cost"] == "low"
    assert by_id["gpt-4o"]["recommendedFor"].startswith("general coding")
    assert doc["recommendations"]["autocomplete"]["models"] == ["gpt-4o-mini"]
    assert doc["formats"] == ["continue", "opencode"]
    shorthand = client.get("/api/v1/config/models", headers={"Authorization": f"Bearer {tenant_key}"})
    assert shorthand.get_json()["tenant"]["slug"] == "team-a"


def test_continue_yaml_is_valid_and_lists_the_selection(client, tenant_key):
    res = client.get(f"/api/team-a/v1/config/continue?models=gpt-4o&apiKey={tenant_key}")
    assert res.status_code == 200 and res.mimetype == "text/yaml"
    assert res.headers["Content-Disposition"] == 'attachment; filename="continue-config-team-a.yaml"'
    doc = yaml.safe_load(res.get_data(as_text=True))
    models = doc["models"]
    assert models[0]["model"] == "auto-prism" and models[0]["apiKey"] == tenant_key
    assert models[0]["apiBase"] == "http://localhost/api/team-a/v1"
    assert [m["model"] for m in models[1:]] == ["gpt-4o", "gpt-4o-mini"]
    assert models[-1]["roles"] == ["autocomplete"]
    assert doc["tabAutocompleteModel"]["title"] == "gpt-4o-mini (autocomplete)"
    assert "# Medium tier" in res.get_data(as_text=True)


def test_opencode_json_uses_the_auto_router(client, tenant_key):
    res = client.get(
        f"/api/team-a/v1/config/opencode?models=gpt-4o&baseUrl=https://gw.example/api/team-a/v1&apiKey={tenant_key}"
    )
    assert res.headers["Content-Disposition"] == 'attachment; filename="opencode-team-a.json"'
    doc = orjson.loads(res.get_data())
    provider = doc["provider"]["model-prism"]
    assert provider["options"] == {"baseURL": "https://gw.example/api/team-a/v1", "apiKey": tenant_key}
    assert set(provider["models"]) == {"model-prism", "gpt-4o"}
    assert doc["model"] == "model-prism/model-prism" and doc["_generated"]["tenant"] == "team-a"
