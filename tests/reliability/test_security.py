"""Security promises through the app: JWT expiry, refresh and revocation; login throttling; keys looked up by
hash; CORS and security headers; SSRF-safe provider URLs with the allow-list for local providers; the SPA renders
no raw HTML."""

from __future__ import annotations

import datetime as dt
import inspect
import re
from pathlib import Path

import pytest
from flask_jwt_extended import create_access_token

from model_prism.app import create_app
from model_prism.auth import keys
from model_prism.auth.tokens import claims_for
from model_prism.gateway import authenticate
from model_prism.models import User
from tests.conftest import make_config

from .conftest import fresh_ip, token_for

ROOT = Path(__file__).resolve().parents[2]
ME = "/api/prism/auth/me"


def _get(client, path, token, ip=None):
    return client.get(
        path, headers={"Authorization": f"Bearer {token}"}, environ_base={"REMOTE_ADDR": ip or fresh_ip()}
    )


def _login(client, password: str, ip: str, username: str = "root-admin"):
    return client.post("/api/prism/auth/login", json={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": ip})  # fmt: skip


def test_an_expired_token_is_refused(app, client, admin_user):
    with app.app_context():
        expired = create_access_token(identity=str(admin_user.id), additional_claims=claims_for(admin_user),
                                      expires_delta=dt.timedelta(seconds=-5))  # fmt: skip
    res = _get(client, ME, expired)
    assert res.status_code == 401 and res.get_json() == {"error": "Invalid token"}


@pytest.mark.parametrize("mangle", ["signature", "alg-none", "other-secret"])
def test_a_forged_token_is_refused(app, client, admin_user, mangle):
    import jwt as pyjwt

    good = token_for(app, admin_user)
    claims = pyjwt.decode(good, options={"verify_signature": False})
    claims["role"] = "admin"
    forged = {
        "signature": good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB"),
        "alg-none": pyjwt.encode(claims, key="", algorithm="none")
        if "none" in pyjwt.algorithms.get_default_algorithms()
        else good[:-4] + "AAAA",
        "other-secret": pyjwt.encode(claims, "x" * 40, algorithm="HS256"),
    }[mangle]
    res = _get(client, ME, forged)
    assert res.status_code == 401 and res.get_json() == {"error": "Invalid token"}


def test_refresh_gives_a_new_access_token_and_an_access_token_cannot_refresh(client, admin_user):
    ip = fresh_ip()
    tokens = _login(client, "correct-horse-battery", ip).get_json()
    assert tokens["token"] and tokens.get("refreshToken"), tokens
    bad = client.post("/api/prism/auth/refresh", headers={"Authorization": f"Bearer {tokens['token']}"},
                      environ_base={"REMOTE_ADDR": fresh_ip()})  # fmt: skip
    assert bad.status_code == 401
    res = client.post("/api/prism/auth/refresh", headers={"Authorization": f"Bearer {tokens['refreshToken']}"},
                      environ_base={"REMOTE_ADDR": fresh_ip()})  # fmt: skip
    assert res.status_code == 200 and _get(client, ME, res.get_json()["token"]).status_code == 200
    assert _get(client, ME, tokens["refreshToken"]).status_code == 401  # a refresh token is no access token


def test_logout_revokes_the_token_and_a_deactivated_user_loses_access(app, client, admin_user):
    token = _login(client, "correct-horse-battery", fresh_ip()).get_json()["token"]
    assert _get(client, ME, token).status_code == 200
    out = client.post("/api/prism/auth/logout", headers={"Authorization": f"Bearer {token}"},
                      environ_base={"REMOTE_ADDR": fresh_ip()})  # fmt: skip
    assert out.status_code == 200 and _get(client, ME, token).status_code == 401
    other = User(username="soon-gone", role="auditor", passwordHash=None).save()
    other_token = token_for(app, other)
    assert _get(client, ME, other_token).status_code == 200
    admin_token = token_for(app, admin_user)
    res = client.put(f"/api/prism/admin/users/{other.id}", json={"active": False},
                     headers={"Authorization": f"Bearer {admin_token}"}, environ_base={"REMOTE_ADDR": fresh_ip()})  # fmt: skip
    assert res.status_code == 200
    assert _get(client, ME, other_token).status_code == 401


def test_login_brute_force_is_throttled_per_ip_and_per_user(client, admin_user):
    ip = fresh_ip()
    statuses = [_login(client, f"wrong-{i}", ip).status_code for i in range(25)]
    assert set(statuses[:10]) == {401} and statuses[-1] == 429
    res = _login(client, "correct-horse-battery", ip)
    assert res.status_code == 429 and res.get_json() == {
        "error": "Too many login attempts, please try again later."
    }
    # from fresh addresses, the account itself is locked after its failed logins (no password spraying by IP hopping)
    hopping = [_login(client, f"wrong-again-{i}", fresh_ip()).status_code for i in range(5)]
    assert 429 in hopping
    assert _login(client, "correct-horse-battery", fresh_ip()).status_code == 429


def test_tenant_keys_are_looked_up_by_hash_and_compared_in_constant_time():
    source = inspect.getsource(authenticate.authenticate)
    assert (
        "keys_by_hash.get(hash_key(ctx.api_key))" in source
    )  # a dict lookup of the SHA-256: no plaintext compare
    assert "hmac.compare_digest" in inspect.getsource(keys.same_hash)
    compare = re.compile(r"(api_?key|apiKey|password|secret|token)\w*\s*(==|!=)\s*\w", re.I)
    assert compare.search("if api_key == given:")  # the pattern itself can match
    offenders = []
    for path in (ROOT / "backend" / "model_prism").rglob("*.py"):
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if (
                compare.search(line)
                and "None" not in line
                and "len(" not in line
                and '""' not in line
                and "''" not in line
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not offenders, "plaintext secret comparisons:\n" + "\n".join(offenders)


@pytest.fixture
def strict_app(tmp_path):
    """An app with one allowed CORS origin and private provider URLs refused by default."""
    return create_app(make_config(DATA_DIR=str(tmp_path / "strict"), CORS_ORIGINS="https://admin.example.com",
                                  ALLOW_PRIVATE_PROVIDER_URLS="false"), start_background=False)  # fmt: skip


def test_cors_allows_only_the_configured_origin(strict_app):
    client = strict_app.test_client()
    for origin, allowed in (("https://admin.example.com", True), ("https://evil.example", False)):
        res = client.options(
            "/api/prism/auth/login", headers={"Origin": origin, "Access-Control-Request-Method": "POST"}
        )
        assert (res.headers.get("Access-Control-Allow-Origin") == origin) is allowed
        assert (res.headers.get("Access-Control-Allow-Origin") is None) is not allowed


@pytest.mark.parametrize(
    "path", ["/health", "/api/prism/setup/status", "/v1/models", "/api/x/v1/chat/completions", "/"]
)
def test_every_surface_sends_the_security_headers(client, path):
    res = client.get(path, headers={"X-Forwarded-Proto": "https"})
    assert res.headers["X-Content-Type-Options"] == "nosniff"
    assert res.headers["X-Frame-Options"] in ("DENY", "SAMEORIGIN")
    assert res.headers["Referrer-Policy"] == "no-referrer"
    assert res.headers["Strict-Transport-Security"].startswith("max-age=")
    assert res.headers.get("x-request-id")


SSRF_URLS = [
    "http://169.254.169.254/latest/meta-data", "http://127.0.0.1:11434", "http://localhost:8000", "http://[::1]:80",
    "http://10.0.0.5", "http://192.168.1.1", "http://0.0.0.0:80", "http://[::ffff:127.0.0.1]", "file:///etc/passwd",
    "gopher://127.0.0.1:25", "http://user:pw@api.example.com", "ftp://api.example.com", "http://2130706433",
    "http://api.example.com/v1?x=1",
]  # fmt: skip


def _admin_token(app):
    from model_prism.services import setup, users

    with app.app_context():
        user = users.create_user(username="ssrf-admin", password="correct-horse-battery", role="admin")
        setup.complete("ssrf-admin")
    return token_for(app, user)


@pytest.mark.parametrize("url", SSRF_URLS)
def test_provider_base_urls_are_refused_when_they_point_inside(strict_app, url):
    client, token = strict_app.test_client(), _admin_token(strict_app)
    headers = {"Authorization": f"Bearer {token}"}
    body = {
        "name": "Inside",
        "type": "openai",
        "config": {"baseUrl": url, "auth": {"type": "api_key", "apiKey": "sk-x"}},
    }
    res = client.post(
        "/api/prism/admin/providers/", json=body, headers=headers, environ_base={"REMOTE_ADDR": fresh_ip()}
    )
    assert res.status_code == 400 and isinstance(res.get_json()["error"], str), res.get_data(as_text=True)
    assert "pw" not in res.get_data(as_text=True)  # credentials in a refused URL are not echoed back


def test_local_providers_pass_through_the_allow_list_and_updates_are_checked_too(strict_app):
    client, token = strict_app.test_client(), _admin_token(strict_app)
    headers = {"Authorization": f"Bearer {token}"}
    body = {"name": "Ollama", "type": "ollama",
            "config": {"baseUrl": "http://127.0.0.1:11434", "auth": {"type": "none"}, "options": {"allowPrivateNetwork": True}}}  # fmt: skip
    res = client.post(
        "/api/prism/admin/providers/", json=body, headers=headers, environ_base={"REMOTE_ADDR": fresh_ip()}
    )
    assert res.status_code == 201, res.get_data(as_text=True)
    pid = res.get_json()["_id"]
    public = {"name": "Public", "type": "openai",
              "config": {"baseUrl": "https://93.184.216.34", "auth": {"type": "api_key", "apiKey": "sk-x"}}}  # fmt: skip
    res = client.post(
        "/api/prism/admin/providers/", json=public, headers=headers, environ_base={"REMOTE_ADDR": fresh_ip()}
    )
    assert res.status_code == 201, res.get_data(as_text=True)
    update = {"config": {"baseUrl": "http://169.254.169.254", "options": {}}}
    res = client.put(f"/api/prism/admin/providers/{res.get_json()['_id']}", json=update, headers=headers,
                     environ_base={"REMOTE_ADDR": fresh_ip()})  # fmt: skip
    assert res.status_code == 400, res.get_data(as_text=True)
    assert pid


def test_the_spa_renders_no_raw_html():
    src = ROOT / "frontend" / "src"
    if not src.is_dir():
        pytest.skip("frontend/src is not in this checkout")
    risky = re.compile(
        r"dangerouslySetInnerHTML|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\("
    )
    hits = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}" for p in src.rglob("*.[jt]s*") for n, line in
            enumerate(p.read_text(errors="replace").splitlines(), 1) if risky.search(line)]  # fmt: skip
    assert not hits, "\n".join(hits)
    assert risky.search("<div dangerouslySetInnerHTML={{__html: x}} />")  # the pattern itself can match
