"""Webhooks: HMAC-signed deliveries to a loopback receiver, retries with backoff, the delivery log."""

from __future__ import annotations

import hashlib
import hmac
import time

import pytest
from werkzeug.wrappers import Response

from model_prism.models import User
from model_prism.services import setup, webhook_delivery
from tests.factories import make_tenant
from tests.fakes.loopback import LoopbackServer

from .helpers import call, token_for


class Receiver(LoopbackServer):
    """Answers 500 for the first `fail` deliveries, then 200."""

    fail = 0

    def app(self, request):
        failed = sum(1 for s in self.seen[:-1])
        return Response("no", 500) if failed < self.fail else Response("ok", 200)


@pytest.fixture
def receiver(monkeypatch):
    monkeypatch.setitem(webhook_delivery.RETRY_POLICY, "backoffMs", 5)
    with Receiver() as server:
        yield server


def _admin(app):
    admin = User(username="root", role="admin").save()
    setup.complete("root")
    return token_for(app, admin)


def test_signed_delivery_with_retries_and_log(app, client, receiver):
    token = _admin(app)
    created = call(client, "POST", "/api/prism/admin/webhooks/", token,
                   json={"name": "ops", "url": receiver.base_url + "/hook", "events": ["quota_exhausted"],
                         "headers": {"X-Team": "ops"}})  # fmt: skip
    assert created.status_code == 201
    hook = created.get_json()
    secret = hook["secret"]
    assert len(secret) == 64
    listed = call(client, "GET", "/api/prism/admin/webhooks/", token).get_json()["webhooks"]
    assert listed[0]["secret"] == secret[:8] + "..." and secret not in str(listed)
    receiver.fail = 2
    res = call(client, "POST", f"/api/prism/admin/webhooks/{hook['_id']}/test", token).get_json()
    assert res["sent"] is True and res["delivered"] is True
    assert len(receiver.seen) == 3
    seen = receiver.seen[-1]
    expected = hmac.new(secret.encode(), seen.body, hashlib.sha256).hexdigest()
    assert seen.headers["X-Webhook-Signature"] == expected and seen.headers["X-Webhook-Event"] == "test"
    assert seen.headers["X-Team"] == "ops"
    logs = call(client, "GET", f"/api/prism/admin/webhooks/{hook['_id']}/logs", token).get_json()["logs"]
    assert [(entry["attempt"], entry["success"]) for entry in logs] == [(3, True), (2, False), (1, False)]
    assert logs[1]["errorMessage"] == "HTTP 500"


def test_emit_delivers_in_the_background_to_subscribed_hooks(app, client, receiver):
    token = _admin(app)
    tenant, _ = make_tenant(slug="hooked")
    other, _ = make_tenant(slug="other")
    call(client, "POST", "/api/prism/admin/webhooks/", token,
         json={"name": "t", "url": receiver.base_url, "events": ["quota_warning"], "tenantId": str(tenant.id)})  # fmt: skip
    assert webhook_delivery.emit("quota_warning", {"tenant": "other"}, str(other.id)) == 0
    assert webhook_delivery.emit("quota_warning", {"tenant": "hooked"}, str(tenant.id)) == 1
    deadline = time.monotonic() + 5
    while not receiver.seen and time.monotonic() < deadline:
        time.sleep(0.02)
    assert b'"event":"quota_warning"' in receiver.seen[0].body


def test_rotate_secret_and_validation(app, client, receiver):
    token = _admin(app)
    hook = call(client, "POST", "/api/prism/admin/webhooks/", token,
                json={"name": "x", "url": receiver.base_url, "events": []}).get_json()  # fmt: skip
    new = call(client, "POST", f"/api/prism/admin/webhooks/{hook['_id']}/rotate-secret", token).get_json()[
        "secret"
    ]
    assert new != hook["secret"]
    bad = call(
        client,
        "POST",
        "/api/prism/admin/webhooks/",
        token,
        json={"name": "x", "url": "ftp://x", "events": []},
    )
    assert bad.status_code == 400
    unknown = call(client, "POST", "/api/prism/admin/webhooks/", token,
                   json={"name": "x", "url": receiver.base_url, "events": ["nope"]})  # fmt: skip
    assert unknown.get_json() == {"error": "Unknown events: nope"}
