"""The limit stages inside the app's pipeline, against a fake OpenAI upstream on a loopback socket.

The stages are inserted with `with_limit_stages` and settled from the recording path, as app.py will do.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from model_prism.models import DailyStat, Quota, RequestLog
from tests.factories import make_provider, make_tenant

TODAY = datetime.now(UTC).strftime("%Y-%m-%d")


@pytest.fixture
def wired(state):
    """The app wires the limits layer itself (stages, settle on record, writer confirmation)."""
    return state.limits


def setup_tenant(state, fake_openai, limits, **fields):
    provider = make_provider(
        state, base_url=fake_openai.base_url, tiers={"gpt-4o": "high", "gpt-4o-mini": "low"}
    )
    for m in provider.discoveredModels:
        m.inputPer1M, m.outputPer1M = {"gpt-4o-mini": (0.15, 0.60), "gpt-4o": (2.5, 10.0)}.get(
            m.id, (None, None)
        )
    provider.save()
    tenant, key = make_tenant(
        providers_=[provider], routing={"enabled": True, "defaultModel": "gpt-4o-mini"}, **fields
    )
    limits.ledger.refresh()
    limits.quotas.refresh()
    return tenant, key


def chat(client, key, **body):
    body.setdefault("messages", [{"role": "user", "content": "Say hello"}])
    return client.post(
        "/api/team-a/v1/chat/completions", json=body, headers={"Authorization": f"Bearer {key}"}
    )


def test_tenant_rpm_429_body_retry_after_and_error_log(client, state, wired, fake_openai, flush):
    _, key = setup_tenant(state, fake_openai, wired, rateLimit={"requestsPerMinute": 2, "tokensPerMinute": 0})
    assert [chat(client, key, model="gpt-4o-mini").status_code for _ in range(2)] == [200, 200]
    res = chat(client, key, model="gpt-4o-mini")
    assert res.status_code == 429 and 1 <= int(res.headers["Retry-After"]) <= 90  # boundary + half a minute
    assert res.get_json() == {
        "error": {
            "message": "Rate limit exceeded for tenant 'team-a'. Limit: 2 req/min.",
            "type": "rate_limit_error",
            "code": "tenant_rate_limit_exceeded",
            "param": None,
        }
    }
    flush()
    errors = RequestLog.objects(status="error")
    assert [(e.httpStatus, e.errorType) for e in errors] == [(429, "rate_limit_error")]


def test_budget_from_daily_aggregates_refuses_until_midnight(client, state, wired, fake_openai):
    tenant, key = setup_tenant(state, fake_openai, wired, budgetLimits={"dailyUsd": 1.0})
    assert chat(client, key, model="gpt-4o-mini").status_code == 200
    DailyStat(date=TODAY, tenantId=tenant.id, routedModel="gpt-4o", requests=9, actualCostUsd=0.6).save()
    DailyStat(date=TODAY, tenantId=tenant.id, routedModel="gpt-4o-mini", requests=9, actualCostUsd=0.4).save()
    assert chat(client, key, model="gpt-4o-mini").status_code == 200  # the cache has not seen them yet
    wired.ledger.refresh()
    res = chat(client, key, model="gpt-4o-mini")
    assert res.status_code == 429 and res.get_json()["error"]["code"] == "tenant_budget_exceeded"
    assert res.get_json()["error"]["type"] == "budget_limit_error"
    seconds_to_midnight = 86400 - int(time.time()) % 86400
    assert abs(int(res.headers["Retry-After"]) - seconds_to_midnight) <= 2


def test_settled_cost_counts_at_once_and_not_twice_after_the_write(client, state, wired, fake_openai, flush):
    tenant, key = setup_tenant(state, fake_openai, wired, budgetLimits={"monthlyUsd": 100.0})
    view = state.holder.current().tenants_by_id[str(tenant.id)]
    assert chat(client, key, model="gpt-4o").status_code == 200
    assert wired.ledger.in_flight(str(tenant.id)) == 0
    spent = wired.ledger.status(view).spend.monthly
    assert spent > 0  # counted before any write or refresh
    flush()  # the writer stores the batch and confirms it
    time.sleep(0.01)
    wired.ledger.refresh()
    assert DailyStat.objects.get().actualCostUsd == pytest.approx(spent)
    assert wired.ledger.status(view).spend.monthly == pytest.approx(spent)


def test_budget_guard_blocks_explicit_high_tier_and_routes_auto_in_economy(client, state, wired, fake_openai):
    tenant, key = setup_tenant(
        state,
        fake_openai,
        wired,
        budgetLimits={"dailyUsd": 1.0},
        budgetGuard={"enabled": True, "thresholdPct": 80, "blockTiers": ["high"], "guardCostMode": "economy"},
    )
    DailyStat(date=TODAY, tenantId=tenant.id, routedModel="gpt-4o", requests=1, actualCostUsd=0.85).save()
    wired.ledger.refresh()
    res = chat(client, key, model="gpt-4o")
    assert res.status_code == 429 and res.get_json()["error"] == {
        "message": "Model 'gpt-4o' (tier: high) is temporarily blocked — budget threshold reached for tenant 'team-a'.",
        "type": "budget_guard_error",
        "code": "tenant_budget_guard",
        "param": None,
    }
    assert int(res.headers["Retry-After"]) >= 1
    assert chat(client, key, model="gpt-4o-mini").status_code == 200
    assert chat(client, key, model="auto").status_code == 200


def test_hard_quota_429_and_ip_limit_headers(client, state, wired, fake_openai):
    tenant, key = setup_tenant(state, fake_openai, wired)
    Quota(
        tenantId=tenant.id,
        quotaType="requests_daily",
        limit=1,
        used=1,
        period="daily",
        enforcement="hard_block",
    ).save()
    wired.quotas.refresh()
    res = chat(client, key, model="gpt-4o-mini")
    assert res.status_code == 429 and res.get_json()["error"]["type"] == "quota_exceeded"
    assert res.headers["Retry-After"]
    wired.ip.limit = 1
    res = chat(client, key, model="gpt-4o-mini")
    assert res.status_code == 429 and res.get_json()["error"] == {
        "message": "Rate limit exceeded",
        "type": "rate_limit_error",
        "code": None,
        "param": None,
    }
    assert res.headers["RateLimit-Policy"] == "1;w=60" and res.headers["RateLimit"].startswith(
        "limit=1, remaining=0"
    )
