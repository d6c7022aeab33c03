"""The routing-eval harness from the admin API: same numbers as the CLI, optionally routed as a tenant."""

from __future__ import annotations

import json

from model_prism.services import seeding
from tests.factories import make_admin, make_provider, make_tenant


def test_eval_endpoint_reports_the_starter_set_and_a_posted_set_for_a_tenant(client, state):
    auth = {"Authorization": f"Bearer {make_admin(client)}"}
    starter = client.post("/api/prism/admin/routing/eval", json={}, headers=auth).get_json()
    assert starter["summary"]["items"] >= 100 and starter["summary"]["accuracy"] >= 0.8
    assert "category accuracy" in starter["report"]

    seeding.ensure_categories()
    seeding.ensure_default_rule_set()
    demo = make_provider(state, name="Demo", type="demo")
    tenant, _ = make_tenant(
        slug="evalt", providers_=[demo], routing={"enabled": True, "baselineModel": "demo-max"}
    )
    lines = [
        {"id": "a", "endpoint": "/chat/completions", "request": {"messages": [{"role": "user", "content": "hi there, how are you?"}]},
         "category": "smalltalk_simple", "also_ok": [], "tier_min": "micro", "tier_max": "low"},
        {"id": "b", "endpoint": "/completions", "request": {"prompt": "def add(a, b):\n    ", "suffix": "\n"},
         "category": "coding_autocomplete", "also_ok": [], "tier_min": "micro", "tier_max": "low"},
    ]  # fmt: skip
    body = {"tenantId": str(tenant.id), "jsonl": "\n".join(json.dumps(x) for x in lines)}
    done = client.post("/api/prism/admin/routing/eval", json=body, headers=auth).get_json()
    assert done["summary"]["items"] == 2 and done["summary"]["tierAgreement"] == 1.0
    assert done["summary"]["estimatedCostUsd"] < done["summary"]["baselineCostUsd"]
    bad = client.post("/api/prism/admin/routing/eval", json={"jsonl": "{not json"}, headers=auth)
    assert bad.status_code == 400 and "error" in bad.get_json()
