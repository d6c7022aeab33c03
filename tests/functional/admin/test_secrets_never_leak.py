"""Planted secrets (provider key, tenant key, LDAP bind password) never appear in responses, exports or logs."""

from __future__ import annotations

import logging
import re

from model_prism.models import RequestLog, RoutingRuleSet, Tenant, User
from model_prism.services import setup
from tests.factories import make_provider

from .helpers import call, token_for

PROVIDER_KEY = "sk-planted-provider-key-7f3a9c"
LDAP_PASSWORD = "planted-ldap-bind-pw-5521"
PARAM = re.compile(r"\{([^}]+)\}")


def _ids(tenant_id, provider_id, hook_id, entry_id, rule_set_id, user_id) -> dict:
    return {"tenant_id": tenant_id, "provider_id": provider_id, "hook_id": hook_id, "entry_id": entry_id,
            "rule_set_id": rule_set_id, "user_id": user_id, "key_id": "legacy", "model_id": "gpt-4o"}  # fmt: skip


def test_secrets_stay_out_of_every_get_response_the_export_and_the_logs(
    app, client, state, fake_openai, caplog
):
    caplog.set_level(logging.DEBUG)
    admin = User(username="root", role="admin").save()
    setup.complete("root")
    token = token_for(app, admin)
    assert (
        call(
            client, "PUT", "/api/prism/admin/system/log-config", token, json={"logLevel": "debug"}
        ).status_code
        == 200
    )
    assert logging.getLogger().level == logging.DEBUG  # applied at run time, no restart

    provider = make_provider(state, base_url=fake_openai.base_url, api_key=PROVIDER_KEY)
    created = call(client, "POST", "/api/prism/admin/tenants/", token,
                   json={"slug": "planted", "name": "P", "providerIds": [str(provider.id)]}).get_json()  # fmt: skip
    tenant_key = created["apiKey"]
    extra_key = call(client, "POST", f"/api/prism/admin/tenants/{created['_id']}/keys", token,
                     json={"label": "x"}).get_json()["apiKey"]  # fmt: skip
    call(client, "PUT", "/api/prism/admin/ldap/", token,
         json={"enabled": True, "url": "ldap://127.0.0.1:1/", "bindDn": "cn=svc", "bindPassword": LDAP_PASSWORD,
               "timeoutSeconds": 1})  # fmt: skip
    hook = call(client, "POST", "/api/prism/admin/webhooks/", token,
                json={"name": "h", "url": fake_openai.base_url, "events": []}).get_json()  # fmt: skip
    chat = client.post("/api/planted/v1/chat/completions", headers={"Authorization": f"Bearer {tenant_key}"},
                       json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]})  # fmt: skip
    assert chat.status_code == 200
    client.post(
        "/api/planted/v1/chat/completions", headers={"Authorization": f"Bearer {tenant_key}x"}, json={}
    )
    client.post("/api/prism/auth/login", json={"username": "ldapuser", "password": "pw-of-the-user"})
    state.sink.flush()

    entry = RequestLog.objects.first()
    ids = _ids(created["_id"], str(provider.id), hook["_id"], str(entry.id) if entry else "0" * 24,
               str(RoutingRuleSet.objects.first().id) if RoutingRuleSet.objects.first() else "0" * 24,
               str(admin.id))  # fmt: skip
    spec = client.get("/api/prism/docs/openapi.json").get_json()
    bodies = []
    for path, operations in spec["paths"].items():
        if "get" not in operations or path.endswith("/reveal"):
            continue
        concrete = PARAM.sub(lambda m: ids.get(m.group(1), "0" * 24), path)
        res = call(client, "GET", concrete, token)
        assert res.status_code < 500, (path, res.get_data(as_text=True))
        bodies.append((path, res.get_data(as_text=True)))
    exported = call(client, "GET", "/api/prism/admin/system/export-settings", token)
    assert exported.status_code == 200
    bodies.append(("export", exported.get_data(as_text=True)))
    logs = caplog.text
    for secret in (PROVIDER_KEY, tenant_key, extra_key, LDAP_PASSWORD, hook["secret"]):
        for path, text in bodies:
            assert secret not in text, f"secret leaked in {path}"
        assert secret not in logs, "secret leaked in the logs"
    assert Tenant.objects(slug="planted").get().apiKeyEncrypted.startswith("enc:")


def test_export_import_round_trip_keeps_secrets_sealed(app, client, state, fake_openai, tmp_path):
    admin = User(username="root", role="admin").save()
    setup.complete("root")
    token = token_for(app, admin)
    make_provider(state, base_url=fake_openai.base_url, api_key=PROVIDER_KEY)
    exported = call(client, "GET", "/api/prism/admin/system/export-settings", token)
    assert 'attachment; filename="model-prism-settings-' in exported.headers["Content-Disposition"]
    data = exported.get_json()
    assert data["_meta"]["type"] == "model-prism-settings-export" and "passwordHash" not in str(data["users"])

    from model_prism.app import create_app
    from tests.conftest import make_config

    other = create_app(make_config(DATA_DIR=str(tmp_path / "other")), start_background=False)
    other_client = other.test_client()
    with other.app_context():
        root = User(username="boss", role="admin").save()
        setup.complete("boss")
    other_token = token_for(other, root)
    bad = call(other_client, "POST", "/api/prism/admin/system/import-settings", other_token, json={"x": 1})
    assert bad.get_json() == {"error": "Invalid export file — missing or wrong _meta.type"}
    res = call(other_client, "POST", "/api/prism/admin/system/import-settings", other_token, json=data)
    assert res.status_code == 200 and res.get_json()["imported"]["providers"] == 1
    imported_users = {u["username"]: u["active"] for u in call(other_client, "GET", "/api/prism/admin/users/",
                                                                 other_token).get_json()}  # fmt: skip
    assert imported_users == {"boss": True, "root": False}
    pid = call(other_client, "GET", "/api/prism/admin/providers/", other_token).get_json()[0]["_id"]
    fake_openai.behaviour.require_key = PROVIDER_KEY
    tested = call(other_client, "POST", f"/api/prism/admin/providers/{pid}/test", other_token)
    assert tested.get_json() == {"success": True, "message": "Connection successful"}
