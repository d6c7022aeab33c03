"""One control and two worker app objects sharing one store, each with its own snapshot (as separate processes
would have): a key disabled through the control plane stops working on every worker within the polling bound.

A real multi-process run with a shared MongoDB needs a MongoDB server, which cannot run here; the embedded store
is one in-process server per URI, so three app objects in this process play the three processes."""

from __future__ import annotations

import time
import uuid

from model_prism.app import create_app, shutdown
from tests.conftest import make_config
from tests.factories import make_admin


def _chat(client, key):
    body = {"model": "demo-small", "messages": [{"role": "user", "content": "hi"}]}
    return client.post("/v1/chat/completions", json=body, headers={"Authorization": f"Bearer {key}"})


def test_key_disabled_on_control_stops_on_both_workers_within_the_poll_bound(tmp_path):
    uri = f"mongomock://localhost/prop-{uuid.uuid4().hex[:8]}"
    common = {"MONGODB_URI": uri, "CONFIG_POLL_SECONDS": "0.2", "DATA_DIR": str(tmp_path)}
    workers = [create_app(make_config(NODE_ROLE="worker", **common)) for _ in range(2)]
    control = create_app(make_config(NODE_ROLE="control", **common), start_background=False)
    try:
        admin = control.test_client()
        token = make_admin(admin)
        auth = {"Authorization": f"Bearer {token}"}
        provider = admin.post(
            "/api/prism/admin/providers/", json={"name": "Demo", "type": "demo", "config": {}}, headers=auth
        ).get_json()
        admin.post(f"/api/prism/admin/providers/{provider['_id']}/discover", headers=auth)
        tenant = admin.post(
            "/api/prism/admin/tenants/",
            json={"slug": "prop", "name": "Prop", "providerIds": [provider["_id"]]},
            headers=auth,
        ).get_json()
        key = tenant["apiKey"]
        clients = [w.test_client() for w in workers]
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(_chat(c, key).status_code != 200 for c in clients):
            time.sleep(0.1)
        assert all(_chat(c, key).status_code == 200 for c in clients)

        res = admin.put(f"/api/prism/admin/tenants/{tenant['_id']}", json={"keyEnabled": False}, headers=auth)
        assert res.status_code == 200, res.get_json()
        started = time.monotonic()
        while time.monotonic() - started < 5 and any(_chat(c, key).status_code != 401 for c in clients):
            time.sleep(0.05)
        elapsed = time.monotonic() - started
        assert all(_chat(c, key).get_json()["error"]["code"] == "api_key_disabled" for c in clients)
        assert (
            elapsed < 1.0
        )  # poll interval 0.2 s (15 s in production; change streams < 0.5 s on a replica set)

        assert admin.post("/v1/chat/completions", json={}).status_code == 404  # control serves no gateway
        assert clients[0].get("/api/prism/setup/status").status_code == 404  # workers serve no admin API
    finally:
        for w in workers:
            shutdown(w.extensions["model_prism"])
