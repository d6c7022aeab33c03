"""The experiment stage through the real gateway: variant per session, the routed model replaced, the request log
fields, per-variant metrics, and completion with the experiment_completed webhook."""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

import pytest

from model_prism.gateway.experiments import pick_variant
from model_prism.models import Experiment, RequestLog, Webhook
from model_prism.models.base import utcnow
from model_prism.services import experiments as service
from model_prism.services import webhook_delivery
from tests.fakes.loopback import LoopbackServer

VARIANTS = [{"name": "control", "model": "demo-nano"}, {"name": "challenger", "model": "demo-ultra"}]


def ask(client, key, session, content="hi, how are you today?"):
    body = {"model": "auto", "messages": [{"role": "user", "content": content}]}
    headers = {"Authorization": f"Bearer {key}", "x-session-id": session}
    return client.post("/api/team-a/v1/chat/completions", json=body, headers=headers)


def _experiment(tenant, **fields) -> Experiment:
    e = service.create({"name": "nano vs ultra", "tenantId": str(tenant.id), "variants": VARIANTS, **fields},
                       actor="t")  # fmt: skip
    return service.start(str(e.id), actor="t")


def test_pick_variant_is_deterministic_and_follows_the_weights():
    variants = [{"name": "a", "weight": 80}, {"name": "b", "weight": 20}, {"name": "off", "weight": 0}]
    picks = Counter(pick_variant("exp1", f"s{i}", variants)["name"] for i in range(4000))
    assert picks["off"] == 0 and 0.77 < picks["a"] / 4000 < 0.83
    assert all(pick_variant("exp1", "s7", variants) == pick_variant("exp1", "s7", variants) for _ in range(3))
    # spec formula: first 4 bytes of SHA-256(id + session) big-endian, modulo the weight sum
    import hashlib

    h = int.from_bytes(hashlib.sha256(b"exp1s7").digest()[:4], "big")
    assert pick_variant("exp1", "s7", variants)["name"] == ("a" if h % 100 < 80 else "b")


def test_variant_replaces_the_routed_model_and_is_logged(client, routed, flush):
    tenant, key, _ = routed
    e = _experiment(tenant)
    seen = {}
    for i in range(12):
        session = f"sess-{i}"
        res = ask(client, key, session)
        assert res.status_code == 200, res.get_json()
        expected = pick_variant(str(e.id), session, VARIANTS)
        assert res.get_json()["model"] == expected["model"]
        assert res.get_json()["auto_routing"]["selected_model"] == expected["model"]
        seen[session] = expected["name"]
    assert set(seen.values()) == {"control", "challenger"}
    again = ask(client, key, "sess-3").get_json()["model"]
    assert again == pick_variant(str(e.id), "sess-3", VARIANTS)["model"]
    flush()
    logs = list(RequestLog.objects(tenantId=tenant.id))
    assert len(logs) == 13 and all(str(log.experimentId) == str(e.id) for log in logs)
    assert {log.sessionId: log.experimentVariant for log in logs} == seen
    metrics = {m["variantName"]: m for m in Experiment.objects.get(id=e.id).metrics}
    assert sum(m["requests"] for m in metrics.values()) == 13
    nano = [log for log in logs if log.routedModel == "demo-nano"]
    assert metrics["control"]["requests"] == len(nano)
    assert metrics["control"]["totalInputTokens"] == sum(log.inputTokens for log in nano)
    assert metrics["control"]["totalCostUsd"] == pytest.approx(sum(log.actualCostUsd for log in nano))


def test_other_categories_and_concrete_models_are_untouched(client, routed, flush):
    tenant, key, _ = routed
    _experiment(tenant, targetCategories=["no_such_category"])
    res = ask(client, key, "s1")
    assert res.status_code == 200
    flush()
    entry = RequestLog.objects(tenantId=tenant.id).first()
    assert entry.experimentId is None and entry.experimentVariant is None
    assert "experiment" not in [t["stage"] for t in entry.routingSignals["gatewayTrace"]]
    concrete = client.post("/api/team-a/v1/chat/completions",
                           json={"model": "demo-small", "messages": [{"role": "user", "content": "hi"}]},
                           headers={"Authorization": f"Bearer {key}"})  # fmt: skip
    assert concrete.get_json()["model"] == "demo-small"


class Receiver(LoopbackServer):
    def app(self, request):
        from werkzeug.wrappers import Response

        return Response("ok", 200)


@pytest.fixture
def receiver(monkeypatch):
    monkeypatch.setitem(webhook_delivery.RETRY_POLICY, "backoffMs", 5)
    with Receiver() as server:
        yield server


def _wait(receiver, n=1):
    deadline = time.monotonic() + 20  # deliveries run on a background thread; CI machines are slow
    while len(receiver.seen) < n and time.monotonic() < deadline:
        time.sleep(0.02)
    return receiver.seen


def test_sample_size_completes_the_experiment_and_notifies_once(client, routed, flush, receiver, admin_token):
    tenant, key, _ = routed
    Webhook(name="exp", url=receiver.base_url, events=["experiment_completed"], tenantId=None).save()
    e = _experiment(tenant, minSampleSize=2)
    waiting = client.get(f"/api/prism/admin/experiments/{e.id}/results",
                         headers={"Authorization": f"Bearer {admin_token}"}).get_json()  # fmt: skip
    assert waiting["recommendation"] == "Waiting for minimum sample size (2) across all variants."
    for i in range(10):
        ask(client, key, f"s-{i}")
        flush()
    done = Experiment.objects.get(id=e.id)
    assert done.status == "completed" and done.endDate is not None
    counts = {m["variantName"]: m["requests"] for m in done.metrics}
    assert min(counts.values()) >= 2
    assert ask(client, key, "s-0").status_code == 200
    flush()
    assert sum(m["requests"] for m in Experiment.objects.get(id=e.id).metrics) == sum(counts.values())
    seen = _wait(receiver)
    assert len(seen) == 1 and b'"event":"experiment_completed"' in seen[0].body
    assert str(e.id).encode() in seen[0].body and b'"tenant":"team-a"' in seen[0].body
    service.stop(str(e.id), actor="t")
    time.sleep(0.1)
    assert len(receiver.seen) == 1


def test_end_date_completion_by_the_job(routed, receiver):
    tenant, _, _ = routed
    Webhook(name="exp", url=receiver.base_url, events=["experiment_completed"], tenantId=tenant.id).save()
    e = _experiment(tenant, startDate=utcnow() - timedelta(days=2), endDate=utcnow() + timedelta(days=1))
    assert service.complete_due() == 0
    Experiment.objects(id=e.id).update_one(set__endDate=utcnow() - timedelta(minutes=1))
    assert service.complete_due() == 1 and service.complete_due() == 0
    assert Experiment.objects.get(id=e.id).status == "completed"
    assert len(_wait(receiver)) == 1
