"""Retention and maintenance: snapshot stripping (manual and the retention job), legacy cleanup, pods."""

from __future__ import annotations

from datetime import timedelta

from bson import ObjectId

from model_prism.models import DailyStat, PodMetrics, RequestLog, Tenant, User
from model_prism.models.base import utcnow
from model_prism.services import log_config, retention, setup
from tests.factories import make_tenant

from .helpers import call, token_for


def _admin(app):
    admin = User(username="root", role="admin").save()
    setup.complete("root")
    return token_for(app, admin)


def _log(tenant_id, hours_ago: float) -> RequestLog:
    return RequestLog(tenantId=tenant_id, status="success", timestamp=utcnow() - timedelta(hours=hours_ago),
                      promptSnapshot={"lastUserMessage": "enc:x"}, capturedPaths=["enc:y"]).save()  # fmt: skip


def test_shrink_logs_and_the_retention_job(app, client):
    token = _admin(app)
    tenant, _ = make_tenant(slug="r")
    old, recent = _log(tenant.id, 72), _log(tenant.id, 1)
    res = call(
        client, "POST", "/api/prism/admin/system/shrink-logs", token, json={"olderThanHours": 48}
    ).get_json()
    assert res["shrunk"] == 1 and res["olderThanHours"] == 48
    assert RequestLog.objects(id=old.id).get().promptSnapshot is None
    assert RequestLog.objects(id=recent.id).get().promptSnapshot is not None
    _log(tenant.id, 3)
    log_config.update({"promptRetentionHours": 2}, actor="root")
    assert retention.prompt_retention() == 1
    log_config.update({"promptRetentionEnabled": False}, actor="root")
    _log(tenant.id, 5)
    assert retention.prompt_retention() == 0


def test_cleanup_legacy_removes_orphans(app, client):
    token = _admin(app)
    tenant, _ = make_tenant(slug="alive")
    Tenant.objects(id=tenant.id).update_one(push__providerIds=ObjectId())
    ghost = ObjectId()
    RequestLog(tenantId=ghost, status="success").save()
    DailyStat(date="2026-01-01", tenantId=ghost, routedModel="m").save()
    res = call(client, "POST", "/api/prism/admin/system/cleanup-legacy", token).get_json()
    assert res == {"danglingProviders": 1, "orphanedLogs": 1, "orphanedStats": 1, "orphanedQuotas": 0,
                   "orphanedRuleSets": 0}  # fmt: skip
    assert Tenant.objects(id=tenant.id).get().providerIds == []


def test_pods_list_and_evict(app, client):
    token = _admin(app)
    PodMetrics(podId="pod-1", role="full", hostname="h", pid=1, metrics={"rssMb": 10}).save()
    pods = call(client, "GET", "/api/prism/admin/system/pods", token).get_json()
    assert any(p["podId"] == "pod-1" and p["rssMb"] == 10 for p in pods)
    assert call(client, "DELETE", "/api/prism/admin/system/pods/pod-1", token).get_json() == {
        "evicted": True, "podId": "pod-1"}  # fmt: skip
    assert call(client, "DELETE", "/api/prism/admin/system/pods/pod-1", token).status_code == 404
    overview = call(client, "GET", "/api/prism/admin/system/overview", token).get_json()
    assert set(overview) >= {"pods", "counters", "providerStats", "trafficBuckets"}


def test_circuit_breaker_states_name_the_provider(app, client, state):
    from tests.factories import make_provider

    token = _admin(app)
    provider = make_provider(state, discover=False)
    state.gateway.breaker.failure(str(provider.id))
    rows = call(client, "GET", "/api/prism/admin/system/circuit-breaker", token).get_json()
    assert rows == [{"providerId": str(provider.id), "failures": 1, "state": "closed", "errorRate": 100.0,
                     "samples": 1, "providerName": "Fake OpenAI", "providerSlug": provider.slug,
                     "providerType": "openai"}]  # fmt: skip


def test_recalc_costs_uses_current_prices_and_rebuilds_rollups(app, client, state):
    from tests.factories import make_provider

    token = _admin(app)
    provider = make_provider(state, discover=False)
    Provider = type(provider)
    Provider.objects(id=provider.id).update_one(push__discoveredModels={"id": "m1", "inputPer1M": 1.0,
                                                                        "outputPer1M": 2.0, "visible": True})  # fmt: skip
    tenant, _ = make_tenant(slug="costs")
    day = utcnow().strftime("%Y-%m-%d")
    RequestLog(tenantId=tenant.id, status="success", routedModel="m1", requestedModel="m1", providerId=provider.id,
               inputTokens=1_000_000, outputTokens=500_000, actualCostUsd=0.5, baselineCostUsd=0.5).save()  # fmt: skip
    DailyStat(date=day, tenantId=tenant.id, routedModel="m1", requests=1, actualCostUsd=0.5).save()
    res = call(client, "POST", "/api/prism/admin/dashboard/recalc-costs", token, json={"days": 1}).get_json()
    assert res["updated"] == 1 and res["totalCostDelta"] == 1.5 and res["affectedDays"] == [day]
    assert RequestLog.objects.get().actualCostUsd == 2.0
    stat = DailyStat.objects(date=day, tenantId=tenant.id, routedModel="m1").get()
    assert stat.actualCostUsd == 2.0 and stat.requests == 1 and stat.inputTokens == 1_000_000


def test_reclassify_errors(app, client):
    token = _admin(app)
    tenant, _ = make_tenant(slug="errs")
    RequestLog(
        tenantId=tenant.id,
        status="error",
        errorMessage="[502] provider_error: ProxyError: Unable to connect to proxy",
    ).save()
    res = call(client, "POST", "/api/prism/admin/dashboard/reclassify-errors", token).get_json()
    assert res == {"scanned": 1, "updated": 1}
    assert RequestLog.objects.get().errorCategory == "proxy"


def test_reclassify_fim_detects_autocomplete_on_decrypted_snapshots(app, client):
    from model_prism.auth.secrets import current_box

    token = _admin(app)
    tenant, _ = make_tenant(slug="fim")
    box = current_box()
    fim = RequestLog(tenantId=tenant.id, status="success",
                     promptSnapshot={"lastUserMessage": box.seal("<fim_prefix>def add(a, b):\n<fim_suffix>\n<fim_middle>")}).save()  # fmt: skip
    human = RequestLog(tenantId=tenant.id, status="success",
                       promptSnapshot={"lastUserMessage": box.seal("What is the capital of France?")}).save()  # fmt: skip
    res = call(client, "POST", "/api/prism/admin/dashboard/reclassify-fim", token, json={}).get_json()
    assert res == {"scanned": 2, "updated": 2}
    assert RequestLog.objects(id=fim.id).get().category == "coding_autocomplete"
    assert RequestLog.objects(id=fim.id).get().routingSignals["isFimRequest"] is True
    assert RequestLog.objects(id=human.id).get().category is None
    again = call(client, "POST", "/api/prism/admin/dashboard/reclassify-fim", token, json={}).get_json()
    assert again["scanned"] == 1  # only the uncategorised human request is left in "unclassified" mode
