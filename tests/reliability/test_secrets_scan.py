"""Planted secrets never leave a real server: not in any admin or gateway response (except the one that shows a
new key once), not in the server log at debug level, not in the audit trail, not in the stored data."""

from __future__ import annotations

import json
import re
import signal

import pytest
import requests
from bson import ObjectId

from tests.conftest import TEST_ENV
from tests.e2e.server import PrismServer
from tests.fakes.openai_server import FakeOpenAI

from .live import provision

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
PARAM = re.compile(r"\{([^}]+)\}")
WRONG_KEY = "omp-" + "5ec7e7" * 10 + "abcd"


def test_planted_secrets_appear_in_no_response_log_audit_entry_or_stored_document(tmp_path):
    with FakeOpenAI() as upstream:
        srv = PrismServer(tmp_path, env={"LOG_LEVEL": "debug"}).start()
        try:
            live = provision(srv, upstream.base_url, slug="scan")
            seen, secrets = _exercise(srv, live)
        finally:
            srv.stop(signal.SIGTERM)
    snapshot = (tmp_path / "data" / "embedded-store.json").read_text()
    places = {"server log": srv.log(), "stored data": snapshot, **seen}
    leaks = [
        f"{name} in {place}"
        for place, text in places.items()
        for name, value in secrets.items()
        if value in text
    ]
    assert not leaks, "\n".join(leaks)
    assert len(seen) > 60 and json.loads(snapshot)["collections"].get("configchanges"), (
        "the scan must have covered the admin API and the audit trail"
    )


def _exercise(srv: PrismServer, live) -> tuple[dict[str, str], dict[str, str]]:
    """Drive traffic and admin reads; give (responses by request, secrets by name)."""
    s, base = live.admin, srv.url + "/api/prism"
    secrets = {"provider key": "sk-live-secret-4471", "tenant key": live.key, "admin password": "live-password",
               "JWT secret": TEST_ENV["JWT_SECRET"], "encryption key": TEST_ENV["ENCRYPTION_KEY"],
               "wrong key sent": WRONG_KEY}  # fmt: skip
    extra = s.post(f"{base}/admin/tenants/{live.tenant_id}/keys", json={"label": "ci"}, timeout=10).json()
    secrets["additional key"] = extra["apiKey"]
    hook = s.post(f"{base}/admin/webhooks/", json={"name": "h", "url": "https://hooks.example.com/x", "events": []},
                  timeout=10).json()  # fmt: skip
    if hook.get("secret"):
        secrets["webhook secret"] = hook["secret"]
    s.put(f"{base}/admin/ldap/", json={"bindPassword": "ldap-bind-pw-8812", "enabled": False}, timeout=10)
    secrets["ldap bind password"] = "ldap-bind-pw-8812"
    s.get(
        f"{base}/admin/tenants/{live.tenant_id}/keys/legacy/reveal", timeout=10
    )  # audited; its answer is the key
    seen: dict[str, str] = {}
    gw = f"{srv.url}/api/scan/v1/chat/completions"
    for key in (live.key, extra["apiKey"], WRONG_KEY):
        for stream in (False, True):
            body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "stream": stream}
            res = requests.post(gw, json=body, headers={"Authorization": f"Bearer {key}"}, timeout=10)
            seen[f"POST {gw} stream={stream} key={key[:8]}"] = res.text + str(dict(res.headers))
    spec = s.get(f"{base}/docs/openapi.json", timeout=10).json()
    ids = {"tenant_id": live.tenant_id, "provider_id": live.provider_id, "hook_id": hook.get("_id", ""),
           "key_id": extra["_id"], "model_id": "gpt-4o-mini"}  # fmt: skip
    for path, ops in spec["paths"].items():
        if "get" not in ops or path.endswith("/reveal"):
            continue
        url = srv.url + PARAM.sub(lambda m: ids.get(m.group(1), str(ObjectId())), path)
        res = s.get(url, params={"tenantId": live.tenant_id, "tenant": live.tenant_id}, timeout=10)
        seen[f"GET {path}"] = res.text + str(dict(res.headers))
    return seen, secrets
