"""Dashboard and request log: rollup sums, hour ranges from logs, tenant scoping, prompt visibility."""

from __future__ import annotations

from datetime import timedelta

from model_prism.auth.secrets import current_box
from model_prism.models import DailyCategoryStat, DailyStat, RequestLog, User
from model_prism.models.base import utcnow
from model_prism.services import setup
from tests.factories import make_tenant

from .helpers import call, token_for


def _seed(app):
    a, _ = make_tenant(slug="team-a")
    b, _ = make_tenant(slug="team-b")
    today = utcnow().strftime("%Y-%m-%d")
    for tenant, requests, cost in ((a, 3, 0.3), (b, 5, 0.5)):
        DailyStat(date=today, tenantId=tenant.id, routedModel="gpt-4o-mini", requests=requests,
                  actualCostUsd=cost, baselineCostUsd=cost * 2, savedUsd=cost, durationMsTotal=300,
                  durationMsCount=3).save()  # fmt: skip
        DailyCategoryStat(date=today, tenantId=tenant.id, category="coding_simple", costTier="low",
                          requests=requests, actualCostUsd=cost).save()  # fmt: skip
    box = current_box()
    for tenant, secret in ((a, "prompt of team a"), (b, "prompt of team b")):
        RequestLog(tenantId=tenant.id, status="success", routedModel="gpt-4o-mini", inputTokens=10,
                   outputTokens=5, actualCostUsd=0.1, userName=f"user-{tenant.slug}", clientIpHash=tenant.slug,
                   sessionId=f"s-{tenant.slug}", isAutoRouted=True, category="coding_simple",
                   promptSnapshot={"lastUserMessage": box.seal(secret), "messageCount": 1},
                   routingSignals={"totalTokens": 10, "isFimRequest": False}).save()  # fmt: skip
    RequestLog(tenantId=a.id, status="error", errorType="provider_error", errorCategory=None,
               timestamp=utcnow() - timedelta(minutes=5)).save()  # fmt: skip
    users = {
        "admin": User(username="admin", role="admin").save(),
        "viewer": User(username="viewer", role="tenant-viewer", tenants=[a.id]).save(),
        "tmaint": User(username="tmaint", role="tenant-maintainer", tenants=[a.id]).save(),
        "finops": User(username="finops", role="finops").save(),
    }
    setup.complete("admin")
    return a, b, {k: token_for(app, u) for k, u in users.items()}


def test_summary_reads_rollups_and_is_tenant_scoped(app, client):
    a, b, tokens = _seed(app)
    admin = call(client, "GET", "/api/prism/admin/dashboard/summary", tokens["admin"]).get_json()
    assert admin["summary"]["totalRequests"] == 8 and round(admin["summary"]["totalActualCost"], 6) == 0.8
    assert admin["summary"]["avgDurationMs"] == 100 and admin["uniqueUsers"] == 2
    viewer = call(client, "GET", "/api/prism/admin/dashboard/summary", tokens["viewer"]).get_json()
    assert viewer["summary"]["totalRequests"] == 3 and viewer["uniqueUsers"] == 1
    foreign = call(
        client, "GET", f"/api/prism/admin/dashboard/summary?tenantId={b.id}", tokens["viewer"]
    ).get_json()
    assert foreign["summary"]["totalRequests"] == 0
    cats = call(client, "GET", "/api/prism/admin/dashboard/categories", tokens["viewer"]).get_json()
    assert cats == [
        {"_id": {"category": "coding_simple", "costTier": "low"}, "requests": 3, "actualCost": 0.3}
    ]


def test_hour_range_aggregates_request_logs(app, client):
    _, _, tokens = _seed(app)
    res = call(client, "GET", "/api/prism/admin/dashboard/summary?hours=1", tokens["admin"]).get_json()
    assert res["summary"]["totalRequests"] == 3 and res["summary"]["errorCount"] == 1
    assert res["summary"]["unknownErrorCount"] == 1 and res["summary"]["totalInputTokens"] == 20
    hourly = call(client, "GET", "/api/prism/admin/dashboard/daily?hours=2", tokens["viewer"]).get_json()
    assert sum(p["requests"] for p in hourly) == 2 and hourly[0]["_id"].endswith(":00")
    models = call(client, "GET", "/api/prism/admin/dashboard/models", tokens["admin"]).get_json()
    assert models[0]["_id"] == "gpt-4o-mini" and models[0]["requests"] == 8
    users = call(client, "GET", "/api/prism/admin/dashboard/users", tokens["viewer"]).get_json()
    assert [u["_id"] for u in users] == ["user-team-a"]


def test_request_log_filters_pages_and_hides_prompts_by_role(app, client):
    a, b, tokens = _seed(app)
    page = call(client, "GET", "/api/prism/admin/dashboard/requests?limit=2", tokens["admin"]).get_json()
    assert page["total"] == 3 and page["pages"] == 2 and len(page["requests"]) == 2
    assert {"_id", "slug", "name"} <= set(page["requests"][0]["tenantId"])
    errors = call(client, "GET", "/api/prism/admin/dashboard/requests?status=error&errorCategory=unknown",
                  tokens["admin"]).get_json()  # fmt: skip
    assert errors["total"] == 1
    tm = call(
        client, "GET", "/api/prism/admin/dashboard/requests?status=success", tokens["tmaint"]
    ).get_json()
    assert tm["total"] == 1 and tm["requests"][0]["promptSnapshot"]["lastUserMessage"] == "prompt of team a"
    fin = call(client, "GET", "/api/prism/admin/dashboard/requests?status=success", tokens["finops"])
    assert fin.get_json()["total"] == 2 and "promptSnapshot" not in fin.get_data(as_text=True)
    viewer = call(client, "GET", "/api/prism/admin/dashboard/requests", tokens["viewer"]).get_json()
    assert viewer["total"] == 2 and "promptSnapshot" not in str(viewer)
    entry = page["requests"][0]["_id"]
    detail = call(client, "GET", f"/api/prism/admin/dashboard/requests/{entry}", tokens["admin"]).get_json()
    assert "routingSignals" in detail or detail["status"] == "error"
    other = RequestLog.objects(tenantId=b.id).first()
    assert (
        call(client, "GET", f"/api/prism/admin/dashboard/requests/{other.id}", tokens["viewer"]).status_code
        == 404
    )
    bad = call(client, "GET", "/api/prism/admin/dashboard/requests?override=(((", tokens["admin"])
    assert bad.status_code == 200 and bad.get_json()["total"] == 0


def test_resolve_errors(app, client):
    a, _, tokens = _seed(app)
    err = RequestLog.objects(status="error").first()
    assert (
        call(
            client, "POST", f"/api/prism/admin/dashboard/resolve-error/{err.id}", tokens["viewer"]
        ).status_code
        == 403
    )
    res = call(client, "POST", f"/api/prism/admin/dashboard/resolve-error/{err.id}", tokens["admin"])
    assert res.get_json() == {"resolved": True, "id": str(err.id)}
    hidden = call(
        client, "GET", "/api/prism/admin/dashboard/requests?status=error&hideResolved=1", tokens["admin"]
    )
    assert hidden.get_json()["total"] == 0


def test_activity_sessions_and_evaluation_are_scoped(app, client):
    a, b, tokens = _seed(app)
    act = call(client, "GET", "/api/prism/admin/benchmarks/activity", tokens["viewer"]).get_json()
    assert act["total"] == 2 and {e["tenant"] for e in act["activity"]} == {"team-a"}
    assert "prompt of team" not in str(act)
    sessions = call(client, "GET", "/api/prism/admin/benchmarks/sessions", tokens["admin"]).get_json()
    assert {s["sessionId"] for s in sessions["sessions"]} == {"s-team-a", "s-team-b"}
    one = call(client, "GET", "/api/prism/admin/benchmarks/sessions/s-team-a", tokens["tmaint"]).get_json()
    assert one["requests"] == 1 and "prompt of team a" in str(one["requestsDetail"])
    assert (
        call(client, "GET", "/api/prism/admin/benchmarks/sessions/s-team-b", tokens["viewer"]).status_code
        == 404
    )
    ev = call(client, "GET", "/api/prism/admin/benchmarks/evaluate", tokens["finops"]).get_json()
    assert (
        ev["total"] == 2
        and len(ev["instructions"]["suggestedChecks"]) == 7
        and "prompt of team" not in str(ev)
    )
    cmp_ = call(client, "GET", "/api/prism/admin/benchmarks/model-comparison", tokens["admin"]).get_json()
    assert cmp_["comparison"][0]["model"] == "gpt-4o-mini" and cmp_["comparison"][0]["requests"] == 2
