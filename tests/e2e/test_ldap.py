"""LDAP login against a real slapd: success with group → role, wrong password, unknown user, no group, unreachable."""

from __future__ import annotations

import contextlib
import socket
import threading
import time

import pytest

from tests.e2e.ldap_server import (
    ADMINS_GROUP,
    BASE,
    FINOPS_GROUP,
    SERVICE_DN,
    SERVICE_PASSWORD,
    Slapd,
    missing_reason,
)
from tests.factories import make_admin

pytestmark = pytest.mark.skipif(missing_reason() is not None, reason=missing_reason() or "")


@pytest.fixture(scope="module")
def slapd():
    with Slapd() as server:
        yield server


@pytest.fixture
def admin(client):
    return {"Authorization": f"Bearer {make_admin(client)}"}


def _configure(client, admin, url: str, **extra) -> dict:
    body = {
        "enabled": True, "url": url, "bindDn": SERVICE_DN, "bindPassword": SERVICE_PASSWORD,
        "searchBase": f"ou=people,{BASE}", "searchFilter": "(uid={{username}})", "defaultRole": "chat-user",
        "groupMapping": [{"groupDn": ADMINS_GROUP.upper(), "role": "maintainer"},
                         {"groupDn": FINOPS_GROUP, "role": "finops"}],
        **extra,
    }  # fmt: skip
    res = client.put("/api/prism/admin/ldap/", json=body, headers=admin)
    assert res.status_code == 200, res.get_json()
    return res.get_json()


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(
        "/api/prism/auth/login",
        json={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": ip},
    )


def test_ldap_user_logs_in_with_the_role_of_their_first_mapped_group(client, admin, slapd):
    saved = _configure(client, admin, slapd.url)
    assert saved["bindPassword"] == "***"
    assert SERVICE_PASSWORD not in client.get("/api/prism/admin/ldap/", headers=admin).get_data(as_text=True)
    res = _login(client, "Alice", "alice-pass-1")
    assert res.status_code == 200, res.get_json()
    assert res.get_json()["role"] == "maintainer" and res.get_json()["username"] == "alice"
    me = client.get("/api/prism/auth/me", headers={"Authorization": f"Bearer {res.get_json()['token']}"})
    assert me.get_json()["role"] == "maintainer"
    assert _login(client, "bob", "bob-pass-22").get_json()["role"] == "finops"
    users = client.get("/api/prism/admin/users/", headers=admin).get_json()
    assert {u["username"]: u["source"] for u in users}["alice"] == "ldap"


def test_user_in_no_mapped_group_gets_the_default_role(client, admin, slapd):
    _configure(client, admin, slapd.url)
    res = _login(client, "carol", "carol-pass-3")
    assert res.status_code == 200 and res.get_json()["role"] == "chat-user"


@pytest.mark.parametrize(
    "username,password",
    [("alice", "wrong-password"), ("nobody", "whatever-pass"), ("alice", ""), ("*", "alice-pass-1"),
     ("alice)(uid=*", "alice-pass-1")],
)  # fmt: skip
def test_wrong_password_unknown_user_and_filter_injection_are_refused(
    client, admin, slapd, username, password
):
    _configure(client, admin, slapd.url)
    res = _login(client, username, password)
    assert res.status_code in (400, 401)
    assert res.get_json()["error"] in ("Invalid credentials", "Username and password required")


def test_service_bind_test_endpoint(client, admin, slapd):
    _configure(client, admin, slapd.url)
    ok = client.post(
        "/api/prism/admin/ldap/test", json={"url": slapd.url, "bindPassword": "***"}, headers=admin
    )
    assert ok.get_json() == {"success": True, "message": "LDAP bind successful"}
    bad = client.post("/api/prism/admin/ldap/test", json={"bindPassword": "nope"}, headers=admin)
    assert bad.status_code == 400 and "service bind failed" in bad.get_json()["error"]


@pytest.fixture
def silent_server():
    """A TCP port that accepts connections and never answers (a hung directory)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    held, stop = [], threading.Event()

    def accept():
        sock.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                held.append(sock.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"ldap://127.0.0.1:{sock.getsockname()[1]}/"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    sock.close()


def test_unreachable_directory_fails_clearly_within_the_timeout(client, admin, silent_server):
    _configure(client, admin, silent_server, timeoutSeconds=1)
    start = time.monotonic()
    res = client.post("/api/prism/admin/ldap/test", json={}, headers=admin)
    assert time.monotonic() - start < 4
    assert res.status_code == 400 and "unreachable" in res.get_json()["error"]
    start = time.monotonic()
    assert _login(client, "alice", "alice-pass-1").get_json() == {"error": "Invalid credentials"}
    assert time.monotonic() - start < 4


def test_closed_port_is_reported_as_unreachable(client, admin):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _configure(client, admin, f"ldap://127.0.0.1:{port}/", timeoutSeconds=1)
    res = client.post("/api/prism/admin/ldap/test", json={}, headers=admin)
    assert res.status_code == 400 and res.get_json()["error"].startswith("LDAP server unreachable")


def test_a_hung_directory_does_not_block_the_gevent_worker(tmp_path, slapd, silent_server):
    """Under gunicorn + gevent the LDAP call runs in the thread pool: /health answers while a login hangs."""
    from concurrent.futures import ThreadPoolExecutor

    import requests

    from tests.e2e.server import PrismServer

    with PrismServer(tmp_path, workers=1) as srv:
        base = srv.url + "/api/prism"
        requests.post(
            base + "/setup/admin", json={"username": "admin", "password": "e2e-ldap-pass"}, timeout=10
        )
        token = requests.post(base + "/auth/login", json={"username": "admin", "password": "e2e-ldap-pass"},
                              timeout=10).json()["token"]  # fmt: skip
        auth = {"Authorization": f"Bearer {token}"}
        requests.post(base + "/setup/complete", headers=auth, timeout=10)
        body = {"enabled": True, "url": slapd.url, "bindDn": SERVICE_DN, "bindPassword": SERVICE_PASSWORD,
                "searchBase": f"ou=people,{BASE}", "groupMapping": [{"groupDn": FINOPS_GROUP, "role": "finops"}]}  # fmt: skip
        assert requests.put(base + "/admin/ldap/", json=body, headers=auth, timeout=10).status_code == 200
        ok = requests.post(
            base + "/auth/login", json={"username": "bob", "password": "bob-pass-22"}, timeout=10
        )
        assert ok.status_code == 200 and ok.json()["role"] == "finops"

        hung = {**body, "url": silent_server, "timeoutSeconds": 3}
        assert requests.put(base + "/admin/ldap/", json=hung, headers=auth, timeout=10).status_code == 200
        with ThreadPoolExecutor(2) as pool:
            started = time.monotonic()
            login = pool.submit(requests.post, base + "/auth/login",
                                json={"username": "bob", "password": "bob-pass-22"}, timeout=20)  # fmt: skip
            time.sleep(0.5)
            health_start = time.monotonic()
            assert requests.get(srv.url + "/health", timeout=5).status_code == 200
            assert time.monotonic() - health_start < 1.0  # the worker kept serving
            assert login.result().status_code == 401
            assert 2.5 < time.monotonic() - started < 10
        assert SERVICE_PASSWORD not in srv.log()


def test_bad_urls_are_refused_with_a_clear_error(client, admin):
    saved = client.put("/api/prism/admin/ldap/", json={"url": "http://dir.example"}, headers=admin)
    assert saved.get_json() == {"error": "LDAP URL must start with ldap:// or ldaps://"}
    res = client.post("/api/prism/admin/ldap/test", json={"url": "ldap://[broken"}, headers=admin)
    assert res.status_code == 400 and res.get_json()["error"].startswith("Invalid LDAP URL")
