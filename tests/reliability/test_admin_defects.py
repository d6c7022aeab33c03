"""Minimal repros of admin-API defects the fuzzers found: each is a strict xfail until the backend is fixed."""

from __future__ import annotations

import pytest

from .conftest import fresh_ip, token_for


def _call(app, client, admin, method: str, path: str, body: dict):
    try:
        res = client.open(path, method=method, json=body, environ_base={"REMOTE_ADDR": fresh_ip()},
                          headers={"Authorization": f"Bearer {token_for(app, admin)}"})  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - an exception escaping the app is what a real client sees as a 500
        return 500, repr(exc)
    return res.status_code, res.get_json(silent=True)


def _is_clean_4xx(status: int, doc) -> bool:
    return 400 <= status < 500 and isinstance(doc, dict) and isinstance(doc.get("error"), str)


@pytest.mark.xfail(strict=True, reason="defect: http_errors.py:96 passes marshmallow messages with int keys "
                   "({'tenants': {0: [...]}}) to orjson.dumps → TypeError 'Dict key must be str' → 500")  # fmt: skip
@pytest.mark.parametrize("body", [{"username": "someone-new", "password": "long-enough-pw", "tenants": [1]}])
def test_list_item_validation_errors_answer_400(app, client, admin_user, body):
    assert _is_clean_4xx(*_call(app, client, admin_user, "POST", "/api/prism/admin/users/", body))


@pytest.mark.xfail(strict=True, reason="defect: POST /admin/dashboard/recalc-costs {'days': 5372985} → "
                   "OverflowError 'date value out of range' → 500 (days is not bounded)")  # fmt: skip
def test_recalc_costs_refuses_an_absurd_range(app, client, admin_user):
    body = {"days": 5372985}
    assert _is_clean_4xx(
        *_call(app, client, admin_user, "POST", "/api/prism/admin/dashboard/recalc-costs", body)
    )


@pytest.mark.xfail(strict=True, reason="defect: POST /admin/chat/tokens {'expiresInHours': 1e12} → timedelta "
                   "OverflowError in services/chat_config.py:58 → 500 (no upper bound)")  # fmt: skip
def test_chat_token_refuses_an_absurd_lifetime(app, client, admin_user):
    body = {"expiresInHours": 1e12}
    assert _is_clean_4xx(*_call(app, client, admin_user, "POST", "/api/prism/admin/chat/tokens", body))


@pytest.mark.xfail(
    strict=True,
    reason="defect: PUT /admin/prompt-engineer/settings accepts providerId 'zz'; "
    "POST /analyze then raises mongoengine ValidationError in services/prompt_analysis.py:128 → 500",
)
def test_prompt_analyses_with_a_malformed_provider_id_answers_400(app, client, admin_user):
    _call(app, client, admin_user, "PUT", "/api/prism/admin/prompt-engineer/settings",
          {"enabled": True, "providerId": "zz"})  # fmt: skip
    assert _is_clean_4xx(
        *_call(app, client, admin_user, "POST", "/api/prism/admin/prompt-engineer/analyze", {})
    )
