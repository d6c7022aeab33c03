"""Providers through the admin API: update merge rules, test/check/chat, registry edits, delete cascade."""

from __future__ import annotations

from model_prism.models import ConfigChange, Provider, Tenant, User
from model_prism.services import setup
from tests.factories import make_provider, make_tenant

from .helpers import call, token_for


def _admin(app):
    admin = User(username="root", role="admin").save()
    setup.complete("root")
    return token_for(app, admin)


def test_update_keeps_secrets_unless_a_new_one_is_sent(app, client, state, fake_openai):
    token = _admin(app)
    provider = make_provider(state, base_url=fake_openai.base_url, api_key="sk-original-secret")
    pid = str(provider.id)
    res = call(client, "PUT", f"/api/prism/admin/providers/{pid}", token,
               json={"name": "Renamed", "config": {"auth": {"apiKey": "***"}, "options": {"skipSSL": True}}})  # fmt: skip
    assert res.status_code == 200 and res.get_json()["config"]["auth"]["apiKey"] == "***"
    stored = Provider.objects(id=pid).get().config
    assert stored["baseUrl"] == fake_openai.base_url and stored["options"] == {"skipSSL": True}
    fake_openai.behaviour.require_key = "sk-original-secret"
    assert call(client, "POST", f"/api/prism/admin/providers/{pid}/test", token).get_json() == {
        "success": True, "message": "Connection successful"}  # fmt: skip
    call(
        client,
        "PUT",
        f"/api/prism/admin/providers/{pid}",
        token,
        json={"config": {"auth": {"apiKey": "sk-new"}}},
    )
    failed = call(client, "POST", f"/api/prism/admin/providers/{pid}/test", token)
    assert failed.status_code == 400 and failed.get_json()["success"] is False
    assert Provider.objects(id=pid).get().status == "error"
    change = ConfigChange.objects(target="provider", action="update").first()
    assert "sk-" not in str(change.to_mongo().to_dict())


def test_check_chat_and_registry_edits(app, client, state, fake_openai):
    token = _admin(app)
    pid = str(make_provider(state, base_url=fake_openai.base_url + "/v1").id)
    check = call(client, "POST", f"/api/prism/admin/providers/{pid}/check", token).get_json()
    assert isinstance(check["log"], list) and check["log"]
    chat = call(client, "POST", f"/api/prism/admin/providers/{pid}/chat", token,
                json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]})  # fmt: skip
    assert chat.status_code == 200 and chat.get_json()["choices"][0]["message"]["content"]
    assert call(client, "POST", f"/api/prism/admin/providers/{pid}/chat", token, json={}).get_json() == {
        "error": "model and messages required"}  # fmt: skip
    patched = call(client, "PATCH", f"/api/prism/admin/providers/{pid}/models/gpt-4o", token,
                   json={"tier": "high", "inputPer1M": 2.5, "contextWindow": 128000, "visible": False})  # fmt: skip
    body = patched.get_json()
    assert body["tier"] == "high" and body["manualPricing"] is True and body["manualContext"] is True
    assert (
        call(client, "PATCH", f"/api/prism/admin/providers/{pid}/models/nope", token, json={}).status_code
        == 404
    )
    flat = call(client, "GET", "/api/prism/admin/providers/models/all", token).get_json()
    entry = next(m for m in flat if m["id"] == "gpt-4o")
    assert entry["prefixedId"].endswith("/gpt-4o") and entry["visible"] is False
    order = call(client, "POST", "/api/prism/admin/providers/models/reorder-tier", token,
                 json={"items": [{"providerId": pid, "modelId": "gpt-4o"}, {"providerId": pid, "modelId": "gpt-4o-mini"}]})  # fmt: skip
    assert order.get_json() == {"success": True}
    prio = {m.id: m.priority for m in Provider.objects(id=pid).get().discoveredModels}
    assert prio["gpt-4o"] == 100 and prio["gpt-4o-mini"] == 55
    audit = ConfigChange.objects(target="model").first()
    assert audit.targetName == "gpt-4o (Fake OpenAI)"


def test_delete_removes_every_tenant_reference(app, client, state, fake_openai):
    token = _admin(app)
    provider = make_provider(state, base_url=fake_openai.base_url)
    keep = make_provider(state, name="Other", base_url=fake_openai.base_url)
    tenant, _ = make_tenant(slug="uses", providers_=[provider, keep],
                            routing={"classifierProvider": str(provider.id), "classifierModel": "gpt-4o-mini"},
                            fallbackChains=[{"modelPattern": "*", "providers": [provider.id, keep.id]}])  # fmt: skip
    res = call(client, "DELETE", f"/api/prism/admin/providers/{provider.id}", token).get_json()
    assert res == {"success": True, "cascade": {"tenantsUpdated": 1}}
    tenant = Tenant.objects(id=tenant.id).get()
    assert tenant.providerIds == [keep.id] and tenant.routing["classifierProvider"] is None
    assert tenant.fallbackChains[0]["providers"] == [keep.id]
