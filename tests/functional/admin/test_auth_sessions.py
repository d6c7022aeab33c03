"""Admin sessions: refresh, logout revocation shared through the store, throttling, deactivated users."""

from __future__ import annotations

from model_prism.auth import revocation, user_state
from model_prism.services import setup, users

from .helpers import call, fresh_ip

PASSWORD = "s3cret-pass-word"


def _login(client, username="admin", password=PASSWORD, ip=None):
    return client.post("/api/prism/auth/login", json={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": ip or fresh_ip()})  # fmt: skip


def _setup(client):
    users.create_user(username="admin", password=PASSWORD, role="admin")
    setup.complete("admin")
    return _login(client).get_json()


def test_refresh_gives_a_new_access_token_with_current_claims(client):
    session = _setup(client)
    assert (
        call(client, "POST", "/api/prism/auth/refresh", session["token"]).status_code == 401
    )  # access ≠ refresh
    res = call(client, "POST", "/api/prism/auth/refresh", session["refreshToken"])
    assert res.status_code == 200 and res.get_json()["role"] == "admin"
    me = call(client, "GET", "/api/prism/auth/me", res.get_json()["token"]).get_json()
    assert me["username"] == "admin" and me["role"] == "admin"


def test_logout_revokes_the_token_for_every_worker(client):
    token = _setup(client)["token"]
    assert call(client, "POST", "/api/prism/auth/logout", token).get_json() == {"success": True}
    assert call(client, "GET", "/api/prism/auth/me", token).get_json() == {"error": "Invalid token"}
    other_worker = revocation.RevocationList()  # a fresh process cache reads the shared store
    from flask_jwt_extended import decode_token

    with client.application.app_context():
        jti = decode_token(token, allow_expired=True)["jti"]
    assert other_worker.is_revoked(jti) is True and other_worker.is_revoked("not-revoked") is False


def test_deactivated_and_deleted_users_lose_their_sessions(client):
    session = _setup(client)
    viewer = users.create_user(username="viewer", password=PASSWORD, role="finops")
    viewer_token = _login(client, "viewer").get_json()["token"]
    assert call(client, "GET", "/api/prism/auth/me", viewer_token).status_code == 200
    res = call(client, "PUT", f"/api/prism/admin/users/{viewer.id}", session["token"], json={"active": False})
    assert res.status_code == 200 and res.get_json()["active"] is False
    assert call(client, "GET", "/api/prism/auth/me", viewer_token).status_code == 401
    assert _login(client, "viewer").status_code == 401
    call(client, "PUT", f"/api/prism/admin/users/{viewer.id}", session["token"], json={"active": True})
    token = _login(client, "viewer").get_json()["token"]
    assert call(client, "DELETE", f"/api/prism/admin/users/{viewer.id}", session["token"]).get_json() == {
        "success": True
    }
    user_state.forget()
    assert call(client, "GET", "/api/prism/auth/me", token).status_code == 401


def test_failed_logins_are_throttled_per_user_across_addresses(client):
    _setup(client)
    for _ in range(10):
        assert _login(client, password="wrong-password").status_code == 401
    blocked = _login(client)  # right password, new address: the account is still cooling down
    assert blocked.status_code == 429
    assert blocked.get_json() == {"error": "Too many login attempts, please try again later."}


def test_auth_endpoints_are_limited_per_ip(client):
    _setup(client)
    statuses = [_login(client, f"nobody{i}", "whatever-pass", ip="192.0.2.7").status_code for i in range(21)]
    assert statuses[:20] == [401] * 20 and statuses[20] == 429


def test_user_management_guards(client):
    session = _setup(client)
    me = call(client, "GET", "/api/prism/auth/me", session["token"]).get_json()
    own = call(client, "PUT", f"/api/prism/admin/users/{me['id']}", session["token"], json={"role": "finops"})
    assert own.status_code == 400 and own.get_json()["error"] == "You cannot change your own role"
    assert call(client, "DELETE", f"/api/prism/admin/users/{me['id']}", session["token"]).status_code == 400
    created = call(client, "POST", "/api/prism/admin/users/", session["token"],
                   json={"username": "Ops", "password": "short", "role": "maintainer"})  # fmt: skip
    assert created.status_code == 400
    created = call(client, "POST", "/api/prism/admin/users/", session["token"],
                   json={"username": "Ops", "password": PASSWORD, "role": "maintainer"})  # fmt: skip
    assert created.status_code == 201 and "passwordHash" not in created.get_json()
    listed = call(client, "GET", "/api/prism/admin/users/", session["token"]).get_json()
    assert [u["username"] for u in listed] == ["admin", "ops"]
    maint = _login(client, "ops").get_json()["token"]
    denied = call(client, "POST", "/api/prism/admin/users/", maint, json={"username": "x", "password": PASSWORD,
                                                                          "role": "admin"})  # fmt: skip
    assert denied.status_code == 403 and denied.get_json() == {"error": "Access denied. Required role: admin"}


def test_refresh_tokens_live_seven_days_and_access_tokens_one(client):
    from flask_jwt_extended import decode_token

    session = _setup(client)
    with client.application.app_context():
        access, refresh = decode_token(session["token"]), decode_token(session["refreshToken"])
    assert access["exp"] - access["iat"] == 24 * 3600
    assert refresh["exp"] - refresh["iat"] == 7 * 24 * 3600 and refresh["type"] == "refresh"
