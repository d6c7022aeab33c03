"""Minimal repros of admin-API defects the fuzzers found (all fixed; kept so they stay fixed)."""

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


@pytest.mark.parametrize("body", [{"username": "someone-new", "password": "long-enough-pw", "tenants": [1]}])
def test_list_item_validation_errors_answer_400(app, client, admin_user, body):
    assert _is_clean_4xx(*_call(app, client, admin_user, "POST", "/api/prism/admin/users/", body))


def test_recalc_costs_refuses_an_absurd_range(app, client, admin_user):
    body = {"days": 5372985}
    assert _is_clean_4xx(
        *_call(app, client, admin_user, "POST", "/api/prism/admin/dashboard/recalc-costs", body)
    )


def test_chat_token_refuses_an_absurd_lifetime(app, client, admin_user):
    body = {"expiresInHours": 1e12}
    assert _is_clean_4xx(*_call(app, client, admin_user, "POST", "/api/prism/admin/chat/tokens", body))

    assert _is_clean_4xx(
        *_call(app, client, admin_user, "POST", "/api/prism/admin/prompt-engineer/analyze", {})
    )
