"""Tenants through the admin API: CRUD, key lifecycle against the gateway, audit trail, portal ownership."""

from __future__ import annotations

from model_prism.models import ConfigChange, DailyStat, Quota, RequestLog, Tenant, User
from model_prism.services import setup
from tests.factories import make_provider

from .helpers import call, token_for

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}


def _admin(app):
    admin = User(username="root", role="admin").save()
    setup.complete("root")
    return token_for(app, admin)


def _chat(client, slug, key):
    return client.post(
        f"/api/{slug}/v1/chat/completions", json=CHAT, headers={"Authorization": f"Bearer {key}"}
    )


def test_key_lifecycle_works_on_the_gateway(app, client, state, fake_openai):
    token = _admin(app)
    provider = make_provider(state, base_url=fake_openai.base_url)
    created = call(client, "POST", "/api/prism/admin/tenants/", token,
                   json={"slug": "team-k", "name": "Team K", "providerIds": [str(provider.id)],
                         "stripThinking": False, "rateLimit": {"requestsPerMinute": 100}})  # fmt: skip
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    tid, first = body["_id"], body["apiKey"]
    assert body["stripThinking"] is False and body["rateLimit"]["requestsPerMinute"] == 100
    assert _chat(client, "team-k", first).status_code == 200

    rotated = call(client, "POST", f"/api/prism/admin/tenants/{tid}/rotate-key", token).get_json()
    assert rotated["apiKey"] != first
    assert _chat(client, "team-k", first).status_code == 401
    assert _chat(client, "team-k", rotated["apiKey"]).status_code == 200

    extra = call(client, "POST", f"/api/prism/admin/tenants/{tid}/keys", token, json={"label": "ci"})
    assert extra.status_code == 201 and extra.get_json()["label"] == "ci"
    extra_key, extra_id = extra.get_json()["apiKey"], extra.get_json()["_id"]
    assert _chat(client, "team-k", extra_key).status_code == 200
    keys = call(client, "GET", f"/api/prism/admin/tenants/{tid}/keys", token).get_json()["keys"]
    assert [k["_id"] for k in keys] == ["legacy", extra_id] and keys[0]["isLegacy"] is True
    assert extra_key not in str(keys) and rotated["apiKey"] not in str(keys)

    off = call(
        client, "PATCH", f"/api/prism/admin/tenants/{tid}/keys/{extra_id}", token, json={"enabled": False}
    )
    assert off.get_json()["enabled"] is False and _chat(client, "team-k", extra_key).status_code == 401
    custom = call(client, "POST", f"/api/prism/admin/tenants/{tid}/keys/custom", token,
                  json={"apiKey": "my-own-custom-key-123", "label": "mine"})  # fmt: skip
    assert custom.status_code == 201 and "apiKey" not in custom.get_json()
    dup = call(client, "POST", f"/api/prism/admin/tenants/{tid}/keys/custom", token,
               json={"apiKey": "my-own-custom-key-123"})  # fmt: skip
    assert dup.status_code == 400
    assert _chat(client, "team-k", "my-own-custom-key-123").status_code == 200
    short = call(client, "POST", f"/api/prism/admin/tenants/{tid}/set-key", token, json={"apiKey": "short"})
    assert short.status_code == 400
    revealed = call(client, "GET", f"/api/prism/admin/tenants/{tid}/keys/legacy/reveal", token).get_json()
    assert revealed == {"apiKey": rotated["apiKey"]}
    assert ConfigChange.objects(diff__summary="Revealed API key legacy").count() == 1
    assert call(client, "DELETE", f"/api/prism/admin/tenants/{tid}/keys/{extra_id}", token).get_json()[
        "success"
    ]
    missing = call(
        client, "PATCH", f"/api/prism/admin/tenants/{tid}/keys/{extra_id}", token, json={"label": "x"}
    )
    assert missing.status_code == 404 and missing.get_json() == {"error": "API key not found"}

    disabled = call(client, "PUT", f"/api/prism/admin/tenants/{tid}", token, json={"keyEnabled": False})
    assert disabled.get_json()["keyEnabled"] is False
    assert _chat(client, "team-k", rotated["apiKey"]).status_code == 401


def test_update_is_audited_with_a_diff_and_validated(app, client):
    token = _admin(app)
    tid = call(
        client, "POST", "/api/prism/admin/tenants/", token, json={"slug": "t1", "name": "T1"}
    ).get_json()["_id"]
    res = call(client, "PUT", f"/api/prism/admin/tenants/{tid}", token,
               json={"name": "Team One", "modelConfig": {"mode": "whitelist", "list": ["gpt-4o-mini"]},
                     "budgetLimits": {"dailyUsd": 5}, "promptLogging": True})  # fmt: skip
    assert res.status_code == 200 and res.get_json()["modelConfig"]["mode"] == "whitelist"
    change = ConfigChange.objects(target="tenant", action="update").first()
    fields = {c["field"] for c in change.diff["changes"]}
    assert {"name", "modelConfig.mode", "budgetLimits.dailyUsd", "promptLogging"} <= fields
    assert (
        change.diff["summary"] == 'dailyUsd: 0 → 5, list: [] → ["gpt-4o-mini"], mode: all → whitelist +2 more'
    )
    changes = call(client, "GET", "/api/prism/admin/dashboard/config-changes?days=1", token).get_json()
    assert changes[0]["targetName"] == "Team One" and changes[0]["user"] == "root"
    bad = call(
        client, "PUT", f"/api/prism/admin/tenants/{tid}", token, json={"modelConfig": {"mode": "some"}}
    )
    assert bad.get_json() == {"error": "Invalid mode — must be all, whitelist, or blacklist"}
    assert call(client, "GET", "/api/prism/admin/tenants/nope", token).get_json() == {"error": "Invalid id"}
    assert call(client, "GET", f"/api/prism/admin/tenants/{'0' * 24}", token).get_json() == {
        "error": "Tenant not found"
    }


def test_delete_cascades_and_protects_the_default_tenant(app, client):
    token = _admin(app)
    from model_prism.services import seeding

    seeding.ensure_defaults()
    default = Tenant.objects(isDefault=True).get()
    assert call(client, "DELETE", f"/api/prism/admin/tenants/{default.id}", token).status_code == 403
    tid = call(
        client, "POST", "/api/prism/admin/tenants/", token, json={"slug": "gone", "name": "G"}
    ).get_json()["_id"]
    t = Tenant.objects(id=tid).get()
    RequestLog(tenantId=t.id, status="success").save()
    DailyStat(date="2026-01-01", tenantId=t.id, routedModel="m").save()
    Quota(tenantId=t.id, quotaType="requests_daily", limit=5).save()
    res = call(client, "DELETE", f"/api/prism/admin/tenants/{tid}", token).get_json()
    assert res == {
        "success": True,
        "cascade": {"requestLogs": 1, "dailyStats": 1, "quotas": 1, "ruleSets": 0},
    }
    assert Tenant.objects(id=tid).first() is None


def test_portal_limits_tenant_roles_to_their_own_tenants(app, client):
    token = _admin(app)
    mine = call(
        client, "POST", "/api/prism/admin/tenants/", token, json={"slug": "mine", "name": "M"}
    ).get_json()
    other = call(
        client, "POST", "/api/prism/admin/tenants/", token, json={"slug": "other", "name": "O"}
    ).get_json()
    lead = User(username="lead", role="tenant-maintainer", tenants=[mine["_id"]]).save()
    tadmin = User(username="tadmin", role="tenant-admin", tenants=[mine["_id"]]).save()
    lead_t, tadmin_t = token_for(app, lead), token_for(app, tadmin)
    assert [t["slug"] for t in call(client, "GET", "/api/prism/tenant-portal/mine", lead_t).get_json()] == [
        "mine"
    ]
    foreign = call(client, "GET", f"/api/prism/tenant-portal/{other['_id']}", lead_t)
    assert foreign.status_code == 403 and foreign.get_json() == {"error": "Access denied — not your tenant"}
    ok = call(client, "PUT", f"/api/prism/tenant-portal/{mine['_id']}/routing-overrides", lead_t,
              json={"forceAutoRouteMode": "smart", "overrides": {"visionUpgrade": False}})  # fmt: skip
    assert ok.get_json()["routing"]["forceAutoRouteMode"] == "smart"
    assert ok.get_json()["routing"]["overrides"]["visionUpgrade"] is False
    assert call(client, "PUT", f"/api/prism/tenant-portal/{mine['_id']}/budget", tadmin_t,
                json={"budgetLimits": {"dailyUsd": 1}}).status_code == 403  # fmt: skip
    cfg = call(client, "PUT", f"/api/prism/tenant-portal/{mine['_id']}/model-config", tadmin_t,
               json={"mode": "blacklist", "list": ["gpt-4o"]})  # fmt: skip
    assert cfg.get_json()["modelConfig"] == {"mode": "blacklist", "list": ["gpt-4o"], "aliases": {}}
    key = call(
        client, "POST", f"/api/prism/tenant-portal/{mine['_id']}/keys", lead_t, json={"label": "laptop"}
    )
    assert key.status_code == 201 and key.get_json()["apiKey"].startswith("omp-")
    assert (
        call(client, "POST", f"/api/prism/tenant-portal/{other['_id']}/rotate-key", lead_t).status_code == 403
    )


def test_test_request_goes_through_the_gateway_as_the_tenant(app, client, state, fake_openai, flush):
    token = _admin(app)
    provider = make_provider(state, base_url=fake_openai.base_url)
    tid = call(client, "POST", "/api/prism/admin/tenants/", token,
               json={"slug": "trial", "name": "Trial", "providerIds": [str(provider.id)]}).get_json()["_id"]  # fmt: skip
    res = call(client, "POST", f"/api/prism/admin/tenants/{tid}/test-request", token,
               json={"messages": [{"role": "user", "content": "hello"}], "systemPrompt": "be brief"})  # fmt: skip
    assert res.status_code == 200, res.get_json()
    body = res.get_json()
    assert body["content"] == fake_openai.behaviour.reply and body["model"] == "gpt-4o-mini"
    assert body["inputTokens"] > 0 and body["routing"] is None
    assert fake_openai.requests[-1]["temperature"] == 0.7 and fake_openai.requests[-1]["max_tokens"] == 1024
    flush()
    from model_prism.models import RequestLog

    assert RequestLog.objects(userName="admin:root").count() == 1
    fake_openai.behaviour.fail_status = 500
    failed = call(client, "POST", f"/api/prism/admin/tenants/{tid}/test-request", token,
                  json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "x"}]})  # fmt: skip
    assert failed.status_code == 502 and set(failed.get_json()) == {"error"}
