"""Categories, rule sets, Test Route, quotas, settings, tokenize and IDE config through the admin API."""

from __future__ import annotations

import logging

from model_prism.models import Quota, RoutingCategory, RoutingRuleSet, User
from model_prism.services import seeding, setup
from tests.factories import make_provider, make_tenant

from .helpers import call, token_for


def _admin(app, role="admin"):
    admin = User(username="root", role="admin").save()
    setup.complete("root")
    seeding.ensure_defaults()
    return token_for(app, admin)


def test_categories_crud_and_examples(app, client):
    token = _admin(app)
    cats = call(client, "GET", "/api/prism/admin/categories/", token).get_json()
    assert len(cats) >= 50 and cats == sorted(cats, key=lambda c: c["order"])
    created = call(client, "POST", "/api/prism/admin/categories/", token,
                   json={"key": "billing", "name": "Billing", "costTier": "low", "examples": ["refund my invoice"]})  # fmt: skip
    assert created.status_code == 201 and created.get_json()["order"] == max(c["order"] for c in cats) + 1
    dup = call(
        client,
        "POST",
        "/api/prism/admin/categories/",
        token,
        json={"key": "billing", "name": "B", "costTier": "low"},
    )
    assert dup.get_json() == {"error": "Category key already exists"}
    cid = created.get_json()["_id"]
    upd = call(
        client,
        "PUT",
        f"/api/prism/admin/categories/{cid}",
        token,
        json={"examples": ["a", "b"], "costTier": "medium"},
    )
    assert upd.get_json()["examples"] == ["a", "b"] and upd.get_json()["costTier"] == "medium"
    builtin = RoutingCategory.objects(isBuiltIn=True).first()
    rekey = call(client, "PUT", f"/api/prism/admin/categories/{builtin.id}", token, json={"key": "renamed"})
    assert rekey.status_code == 400
    assert call(client, "DELETE", f"/api/prism/admin/categories/{cid}", token).get_json() == {"success": True}
    RoutingCategory.objects(key="coding_simple").delete()
    seeded = call(client, "POST", "/api/prism/admin/categories/seed", token).get_json()
    assert seeded["created"] == 1


def test_rule_sets_single_default_and_protection(app, client):
    token = _admin(app)
    default = RoutingRuleSet.objects(isGlobalDefault=True).get()
    made = call(client, "POST", "/api/prism/admin/routing/rule-sets", token,
                json={"name": "Cheap", "costMode": "economy", "tierBoost": 7, "isGlobalDefault": True})  # fmt: skip
    assert (
        made.status_code == 201
        and made.get_json()["tierBoost"] == 2
        and made.get_json()["costMode"] == "economy"
    )
    listed = call(client, "GET", "/api/prism/admin/routing/rule-sets", token).get_json()
    assert listed[0]["name"] == "Cheap" and [r["isGlobalDefault"] for r in listed].count(True) == 1
    back = call(
        client, "POST", f"/api/prism/admin/routing/rule-sets/{default.id}/set-default", token
    ).get_json()
    assert back["isGlobalDefault"] is True
    denied = call(client, "DELETE", f"/api/prism/admin/routing/rule-sets/{default.id}", token)
    assert denied.status_code == 403 and denied.get_json() == {"error": "Cannot delete the default rule set"}
    presets = call(client, "POST", "/api/prism/admin/routing/rule-sets/seed-presets", token).get_json()
    assert set(presets["created"]) == {"Economy First", "Balanced"}
    seed = call(client, "POST", "/api/prism/admin/routing/rule-sets/seed-defaults", token)
    assert seed.status_code == 200 and seed.get_json()["created"] is False


def test_test_route_runs_the_pipeline_dry(app, client, state, fake_openai):
    token = _admin(app)
    provider = make_provider(
        state, base_url=fake_openai.base_url, tiers={"gpt-4o-mini": "low", "gpt-4o": "high"}
    )
    tenant, _ = make_tenant(slug="route-me", providers_=[provider], routing={"enabled": True})
    res = call(client, "POST", "/api/prism/admin/routing/test-route", token,
               json={"tenantId": str(tenant.id), "prompt": "Write a Python function that reverses a string"})  # fmt: skip
    assert res.status_code == 200, res.get_json()
    body = res.get_json()
    assert body["trace"] and body["summary"]["finalModel"] in ("gpt-4o-mini", "gpt-4o")
    assert fake_openai.requests == []  # dry run: no upstream call
    missing = call(
        client, "POST", "/api/prism/admin/routing/test-route", token, json={"tenantId": "x", "prompt": "hi"}
    )
    assert missing.status_code == 404


def test_quotas_api(app, client):
    token = _admin(app)
    tenant, _ = make_tenant(slug="q")
    made = call(client, "POST", "/api/prism/admin/quotas/", token,
                json={"tenantId": str(tenant.id), "quotaType": "requests_daily", "limit": 10})  # fmt: skip
    assert made.status_code == 201 and made.get_json()["enforcement"] == "hard_block"
    Quota.objects(id=made.get_json()["_id"]).update_one(set__used=9)
    mine = call(client, "GET", f"/api/prism/admin/quotas/tenant/{tenant.id}", token).get_json()["quotas"][0]
    assert mine["pct"] == 90 and mine["status"] == "warning" and mine["resetAt"].endswith("T00:00:00.000Z")
    defaults = call(client, "POST", f"/api/prism/admin/quotas/tenant/{tenant.id}/defaults", token,
                    json={"tokensMonthly": 1000, "requestsDaily": 5})  # fmt: skip
    assert {q["quotaType"] for q in defaults.get_json()["quotas"]} == {"requests_daily", "tokens_monthly"}
    assert call(client, "POST", "/api/prism/admin/quotas/reset", token).get_json() == {"reset": 2}
    qid = made.get_json()["_id"]
    assert (
        call(client, "PATCH", f"/api/prism/admin/quotas/{qid}", token, json={"limit": 20}).get_json()["limit"]
        == 20
    )
    assert call(client, "DELETE", f"/api/prism/admin/quotas/{'0' * 24}", token).get_json() == {
        "error": "Not found"
    }


def test_log_level_changes_at_run_time_and_settings(app, client):
    token = _admin(app)
    res = call(client, "PUT", "/api/prism/admin/system/log-config", token,
               json={"logLevel": "error", "promptRetentionHours": 99999, "fileLogging": {"enabled": True}})  # fmt: skip
    body = res.get_json()
    assert logging.getLogger().level == logging.ERROR
    assert body["promptRetentionHours"] == 8760 and body["fileLogging"]["maxFiles"] == 7
    call(client, "PUT", "/api/prism/admin/system/log-config", token, json={"logLevel": "warn"})
    assert logging.getLogger().level == logging.WARNING
    bad = call(client, "PUT", "/api/prism/admin/system/log-config", token, json={"logLevel": "loud"})
    assert bad.status_code == 400
    big = call(client, "PUT", "/api/prism/admin/appearance/", token, json={"logoData": "x" * 140_001})
    assert big.get_json() == {"error": "Logo too large (max 100KB)"}
    saved = call(
        client, "PUT", "/api/prism/admin/appearance/", token, json={"custom": {"primaryColor": "#000"}}
    )
    assert (
        saved.get_json()["custom"]["primaryColor"] == "#000"
        and saved.get_json()["custom"]["bodyBg"] == "#141517"
    )
    assert (
        client.get("/api/prism/admin/appearance/").get_json()["custom"]["primaryColor"] == "#000"
    )  # public read


def test_tokenize(app, client):
    token = _admin(app)
    assert call(client, "GET", "/api/prism/admin/tokenize/?text=hello%20world", token).get_json() == {
        "tokens": 4, "chars": 11}  # fmt: skip
    res = call(client, "POST", "/api/prism/admin/tokenize/", token,
               json={"messages": [{"role": "user", "content": "hi"}], "max_tokens": 100, "model": "gpt-4o"})  # fmt: skip
    body = res.get_json()
    assert body["outputReserved"] == 100 and body["total"] == body["inputTokens"] + 100
    assert call(client, "POST", "/api/prism/admin/tokenize/", token, json={}).get_json() == {
        "error": "messages array required"}  # fmt: skip


def test_ide_config_admin_and_public(app, client, state, fake_openai):
    token = _admin(app)
    provider = make_provider(state, base_url=fake_openai.base_url, tiers={"gpt-4o-mini": "low"})
    tenant, _ = make_tenant(slug="ide", providers_=[provider], routing={"enabled": True})
    models = call(client, "GET", "/api/prism/ide-config/models?tenant=ide", token).get_json()
    assert models["tenant"]["slug"] == "ide" and any(m["id"] == "gpt-4o-mini" for m in models["models"])
    yaml = call(client, "POST", "/api/prism/ide-config/generate", token,
                json={"format": "continue", "tenant": "ide", "models": ["gpt-4o-mini"], "apiKey": "omp-x"})  # fmt: skip
    assert yaml.mimetype == "text/yaml" and "/api/ide/v1" in yaml.get_data(as_text=True)
    webui = call(
        client, "POST", "/api/prism/ide-config/generate", token, json={"format": "openwebui", "tenant": "ide"}
    )
    assert webui.get_json()["name"] == "Model Prism (ide)"
    assert client.get("/api/prism/public/ide-config/tenants").get_json() == []
    assert client.get("/api/prism/public/ide-config/models?tenant=ide").get_json() == {
        "error": "Public config page is disabled"}  # fmt: skip
    call(client, "PUT", "/api/prism/ide-config/settings", token, json={"publicEnabled": True,
                                                                     "publicTenantIds": [str(tenant.id)]})  # fmt: skip
    assert [t["slug"] for t in client.get("/api/prism/public/ide-config/tenants").get_json()] == ["ide"]
    assert client.get("/api/prism/public/ide-config/models?tenant=api").status_code == 403
    viewer = User(username="v", role="tenant-viewer", tenants=[]).save()
    foreign = call(client, "GET", "/api/prism/ide-config/models?tenant=ide", token_for(app, viewer))
    assert foreign.status_code == 403


def test_synthetic_suite_runs_through_the_router(app, client, state, fake_openai):
    token = _admin(app)
    provider = make_provider(
        state, base_url=fake_openai.base_url, tiers={"gpt-4o-mini": "low", "gpt-4o": "high"}
    )
    tenant, _ = make_tenant(slug="suite", providers_=[provider], routing={"enabled": True})
    empty = call(client, "POST", "/api/prism/admin/routing/test-suites", token, json={"name": "S"}).get_json()
    nothing = call(client, "POST", f"/api/prism/admin/routing/test-suites/{empty['_id']}/run", token,
                   json={"tenantId": str(tenant.id)})  # fmt: skip
    assert nothing.get_json() == {"error": "Test suite has no test cases"}
    cases = [{"prompt": "hi there", "expectedTierMin": "micro", "expectedTierMax": "ultra"},
             {"prompt": "Design a globally distributed database", "expectedCategory": "no_such_category"}]  # fmt: skip
    suite = call(client, "PUT", f"/api/prism/admin/routing/test-suites/{empty['_id']}", token,
                 json={"name": "S", "testCases": cases}).get_json()  # fmt: skip
    assert len(suite["testCases"]) == 2 and all(c["_id"] for c in suite["testCases"])
    run = call(client, "POST", f"/api/prism/admin/routing/test-suites/{suite['_id']}/run", token,
               json={"tenantId": str(tenant.id)})  # fmt: skip
    assert run.status_code == 200, run.get_json()
    summary = run.get_json()["summary"]
    assert summary["total"] == 2 and summary["categoryMatches"] == 1 and summary["tierMatches"] >= 1
    assert fake_openai.requests == []
    runs = call(client, "GET", f"/api/prism/admin/routing/test-suites/{suite['_id']}/runs", token).get_json()
    assert len(runs) == 1 and runs[0]["results"][0]["trace"]
    assert call(client, "DELETE", f"/api/prism/admin/routing/test-suites/{suite['_id']}", token).get_json() == {
        "deleted": True}  # fmt: skip


def test_suite_generation_and_run_evaluation_use_the_given_model(app, client, state, fake_openai):
    token = _admin(app)
    provider = make_provider(state, base_url=fake_openai.base_url, tiers={"gpt-4o-mini": "low"})
    tenant, _ = make_tenant(slug="gen", providers_=[provider], routing={"enabled": True})
    suite = call(client, "POST", "/api/prism/admin/routing/test-suites", token, json={"name": "G"}).get_json()
    no_model = call(client, "POST", f"/api/prism/admin/routing/test-suites/{suite['_id']}/generate", token,
                    json={"tenantId": str(tenant.id)})  # fmt: skip
    assert no_model.status_code == 400
    fake_openai.behaviour.reply = ('```json\n[{"prompt": "Fix this SQL query", "systemPrompt": null, '
                                   '"expectedCategory": "sql_generation", "expectedTierMin": "low", '
                                   '"expectedTierMax": null, "tags": ["sql"]}]\n```')  # fmt: skip
    ref = {"tenantId": str(tenant.id), "providerId": str(provider.id), "modelId": "gpt-4o-mini"}
    gen = call(client, "POST", f"/api/prism/admin/routing/test-suites/{suite['_id']}/generate", token,
               json={**ref, "count": 1}).get_json()  # fmt: skip
    assert gen["generated"] == 1 and gen["suite"]["testCases"][0]["tags"] == ["sql"]
    run = call(client, "POST", f"/api/prism/admin/routing/test-suites/{suite['_id']}/run", token,
               json={"tenantId": str(tenant.id)}).get_json()  # fmt: skip
    fake_openai.behaviour.reply = (
        '{"score": 77, "analysis": "fine", "qualitySuggestions": [], "costSuggestions": ["x"]}'
    )
    ev = call(
        client, "POST", f"/api/prism/admin/routing/test-runs/{run['_id']}/evaluate", token, json=ref
    ).get_json()
    assert ev["evaluation"]["score"] == 77 and ev["evaluation"]["costSuggestions"] == ["x"]
    fake_openai.behaviour.reply = "not json"
    bad = call(client, "POST", f"/api/prism/admin/routing/test-runs/{run['_id']}/evaluate", token, json=ref)
    assert bad.status_code == 500 and bad.get_json()["error"].startswith("Evaluation failed")


def test_rule_set_benchmark_replays_logged_requests(app, client):
    from model_prism.models import RequestLog

    token = _admin(app)
    tenant, _ = make_tenant(slug="bench")
    default = RoutingRuleSet.objects(isGlobalDefault=True).get()
    empty = call(
        client, "POST", "/api/prism/admin/routing/benchmark", token, json={"ruleSetId": str(default.id)}
    )
    assert empty.get_json() == {"simulated": 0, "message": "No auto-routed requests found in this period"}
    RequestLog(tenantId=tenant.id, status="success", isAutoRouted=True, costTier="low", actualCostUsd=0.3,
               routingSignals={"totalTokens": 60000, "preRouted": False}).save()  # fmt: skip
    RequestLog(tenantId=tenant.id, status="success", isAutoRouted=True, costTier="micro", actualCostUsd=0.01,
               inputTokens=20).save()  # fmt: skip
    res = call(
        client, "POST", "/api/prism/admin/routing/benchmark", token, json={"ruleSetId": str(default.id)}
    )
    body = res.get_json()
    assert body["simulated"] == 2 and body["fullSignalRequests"] == 1 and body["partialSignalRequests"] == 1
    assert body["proposed"]["tierDistribution"]["high"] == 1 and body["diff"]["tierShifts"] >= 1
    assert body["diff"]["costDelta"] > 5  # 0.3 × 6.0 / 0.3 = 6.0 for the long request
    finops = User(username="fin", role="finops").save()
    assert call(client, "POST", "/api/prism/admin/routing/benchmark", token_for(app, finops),
                json={"ruleSetId": str(default.id)}).status_code == 200  # fmt: skip


def test_chat_settings_tokens_and_public_config(app, client):
    token = _admin(app)
    off = client.get("/api/prism/chat/public/config")
    assert off.status_code == 403 and off.get_json()["enabled"] is False
    conf = call(client, "PUT", "/api/prism/admin/chat/config", token,
                json={"enabled": True, "visibility": "token", "allowedModels": ["gpt-4o-mini"]}).get_json()  # fmt: skip
    assert conf["rateLimit"] == {"requestsPerMinute": 10, "maxTokensPerRequest": 4000}
    pub = client.get("/api/prism/admin/chat/public/config").get_json()
    assert pub == {
        "enabled": True,
        "visibility": "token",
        "allowedModels": ["gpt-4o-mini"],
        "defaultModel": "auto",
    }
    made = call(client, "POST", "/api/prism/admin/chat/tokens", token, json={"label": "demo"}).get_json()
    assert len(made["token"]) == 32 and made["label"] == "demo"
    listed = call(client, "GET", "/api/prism/admin/chat/config", token).get_json()["accessTokens"]
    assert made["token"] not in str(listed)
    assert call(client, "DELETE", f"/api/prism/admin/chat/tokens/{made['token']}", token).get_json() == {
        "deleted": True
    }
    assert call(client, "DELETE", f"/api/prism/admin/chat/tokens/{made['token']}", token).status_code == 404
