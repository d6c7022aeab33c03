"""Experiments admin API: validation, status transitions, deletion rules, audit and role guards."""

from __future__ import annotations

from model_prism.models import ConfigChange, User
from tests.factories import make_tenant
from tests.functional.admin.helpers import call, token_for

BASE = "/api/prism/admin/experiments/"
VARIANTS = [
    {"name": "control", "model": "demo-small"},
    {"name": "challenger", "model": "demo-pro", "weight": 30},
]


def _create(client, token, tenant_id, **extra):
    body = {"name": "cheap vs pro", "tenantId": tenant_id, "variants": VARIANTS, **extra}
    return call(client, "POST", BASE, token, json=body)


def test_create_validates_and_starts_as_a_draft_with_zeroed_metrics(client, admin_token):
    tenant, _ = make_tenant(slug="exp-a")
    one = call(client, "POST", BASE, admin_token,
               json={"name": "x", "tenantId": str(tenant.id), "variants": VARIANTS[:1]})  # fmt: skip
    assert one.status_code == 400 and one.get_json()["error"] == "At least 2 variants are required"
    assert _create(client, admin_token, "nope").get_json() == {"error": "Invalid id"}
    created = _create(client, admin_token, str(tenant.id), targetCategories=["coding_python"],
                      startDate="2026-01-01T00:00:00Z", minSampleSize=5)  # fmt: skip
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["status"] == "draft" and body["minSampleSize"] == 5
    assert body["startDate"] == "2026-01-01T00:00:00.000Z"
    assert [v["weight"] for v in body["variants"]] == [50, 30]
    assert [m["variantName"] for m in body["metrics"]] == ["control", "challenger"]
    assert all(m["requests"] == 0 and m["errorCount"] == 0 for m in body["metrics"])
    assert ConfigChange.objects(target="experiment", action="create").count() == 1


def test_lifecycle_start_patch_stop_delete(client, admin_token):
    tenant, _ = make_tenant(slug="exp-b")
    eid = _create(client, admin_token, str(tenant.id)).get_json()["_id"]
    renamed = call(client, "PATCH", BASE + eid, admin_token,
                   json={"variants": [*VARIANTS, {"name": "third", "model": "demo-max"}]})  # fmt: skip
    assert [m["variantName"] for m in renamed.get_json()["metrics"]] == ["control", "challenger", "third"]
    started = call(client, "POST", f"{BASE}{eid}/start", admin_token).get_json()
    assert started["status"] == "active" and started["startDate"]
    frozen = call(client, "PATCH", BASE + eid, admin_token, json={"variants": VARIANTS})
    assert frozen.status_code == 400
    assert call(client, "DELETE", BASE + eid, admin_token).status_code == 400
    patched = call(client, "PATCH", BASE + eid, admin_token, json={"description": "d", "minSampleSize": 7})
    assert patched.get_json()["description"] == "d" and patched.get_json()["minSampleSize"] == 7
    stopped = call(client, "POST", f"{BASE}{eid}/stop", admin_token).get_json()
    assert stopped["status"] == "completed" and stopped["endDate"]
    assert call(client, "POST", f"{BASE}{eid}/start", admin_token).status_code == 400
    assert call(client, "DELETE", BASE + eid, admin_token).get_json() == {"deleted": True}
    missing = call(client, "GET", BASE + eid, admin_token)
    assert missing.status_code == 404 and missing.get_json() == {"error": "Experiment not found"}


def test_list_is_newest_first_and_filters(client, admin_token):
    a, _ = make_tenant(slug="exp-c")
    b, _ = make_tenant(slug="exp-d")
    first = _create(client, admin_token, str(a.id), name="first").get_json()["_id"]
    _create(client, admin_token, str(b.id), name="second")
    call(client, "POST", f"{BASE}{first}/start", admin_token)
    names = [e["name"] for e in call(client, "GET", BASE, admin_token).get_json()["experiments"]]
    assert names == ["second", "first"]
    by_tenant = call(client, "GET", f"{BASE}?tenantId={a.id}", admin_token).get_json()["experiments"]
    assert [e["name"] for e in by_tenant] == ["first"]
    active = call(client, "GET", f"{BASE}?status=draft", admin_token).get_json()["experiments"]
    assert [e["name"] for e in active] == ["second"]


def test_guards_read_config_and_admin_or_maint(app, client, admin_token):
    tenant, _ = make_tenant(slug="exp-e")
    eid = _create(client, admin_token, str(tenant.id)).get_json()["_id"]
    tokens = {r: token_for(app, User(username=f"u-{r}", role=r).save())
              for r in ("maintainer", "auditor", "finops", "tenant-viewer")}  # fmt: skip
    assert call(client, "GET", BASE + eid, tokens["auditor"]).status_code == 200
    assert call(client, "GET", f"{BASE}{eid}/results", tokens["auditor"]).status_code == 200
    assert call(client, "POST", f"{BASE}{eid}/start", tokens["auditor"]).status_code == 403
    assert call(client, "GET", BASE, tokens["finops"]).status_code == 403
    assert call(client, "GET", BASE, tokens["tenant-viewer"]).status_code == 403
    assert call(client, "POST", f"{BASE}{eid}/start", tokens["maintainer"]).get_json()["status"] == "active"
