"""Nothing lost, on a real gunicorn + gevent server (embedded store: one worker, so the master is signalled):
SIGHUP and SIGTERM under load lose no usage record of an answered request, the analytics drop counter stays 0,
and concurrent spending does not overrun a budget beyond what was in flight."""

from __future__ import annotations

import collections
import signal
import time

import pytest
import requests

from tests.e2e.server import PrismServer
from tests.fakes.openai_server import FakeBehaviour, FakeOpenAI

from .live import Load, metric, provision, stored_logs

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
DROPPED = "omp_analytics_dropped_total"


@pytest.fixture
def upstream():
    with FakeOpenAI(FakeBehaviour(delay=0.02, chunk_gap=0.01)) as fake:
        yield fake


def _wait_healthy(srv: PrismServer, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(srv.url + "/health", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError("server not healthy again:\n" + srv.log()[-2000:])


def _check_records(tmp_path, load: Load) -> tuple[int, int]:
    logs = stored_logs(tmp_path / "data")
    per_id = collections.Counter(doc.get("requestId") for doc in logs)
    answered = load.ok_ids()
    missing = sorted(answered - set(per_id))
    doubled = [rid for rid in answered if per_id[rid] > 1]
    assert not missing, (
        f"{len(missing)} of {len(answered)} answered requests have no usage record: {missing[:10]}"
    )
    assert not doubled, f"recorded twice: {doubled[:10]}"
    return len(answered), len(logs)


@pytest.mark.parametrize(
    "signals",
    [("SIGTERM",), ("SIGHUP", "SIGTERM"), ("worker-SIGTERM", "SIGTERM")],
    ids=["term", "hup-then-term", "worker-term-then-term"],
)
def test_signals_under_load_lose_no_usage_record(tmp_path, upstream, signals):
    srv = PrismServer(tmp_path).start()
    try:
        live = provision(srv, upstream.base_url)
        load = Load(live, threads=8).start()
        time.sleep(2.5)
        assert metric(srv, DROPPED) == 0
        for name in signals:
            if name == "SIGHUP":
                srv.proc.send_signal(
                    signal.SIGHUP
                )  # gunicorn: start a new worker, stop the old one gracefully
                time.sleep(1.0)
                _wait_healthy(srv)
                time.sleep(2.0)
                assert metric(srv, DROPPED) == 0
        code = srv.stop(signal.SIGTERM, timeout=40)  # while the load is still running
    finally:
        if srv.proc is not None:
            srv.stop()
        if "load" in locals():
            load.stop()
    assert code == 0, srv.log()[-2000:]
    answered, records = _check_records(tmp_path, load)
    print(f"signals {signals}: {answered} answered 200, {records} records in the snapshot, none missing")
    assert answered > 50, f"only {answered} answered: the load did not run"
    assert "analytics dropped" not in srv.log()


def test_concurrent_spending_stops_at_the_budget_plus_what_was_in_flight(tmp_path, upstream):
    threads, limit = 12, 0.05
    srv = PrismServer(tmp_path).start()
    try:
        live = provision(srv, upstream.base_url, slug="budget")
        base = srv.url + "/api/prism/admin"
        live.admin.patch(f"{base}/providers/{live.provider_id}/models/gpt-4o-mini",
                         json={"inputPer1M": 400.0, "outputPer1M": 400.0}, timeout=10).raise_for_status()  # fmt: skip
        live.admin.put(f"{base}/tenants/{live.tenant_id}",
                       json={"budgetLimits": {"dailyUsd": limit, "weeklyUsd": 0, "monthlyUsd": 0}},
                       timeout=10).raise_for_status()  # fmt: skip
        time.sleep(1.5)  # config propagation in the worker
        load = Load(live, threads=threads, stream_every=4).start()
        time.sleep(5)
        load.stop()
        refused = requests.post(
            f"{srv.url}/api/budget/v1/chat/completions",
            json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "one more"}]},
            headers={"Authorization": f"Bearer {live.key}"},
            timeout=10,
        )
        time.sleep(1.0)
        code = srv.stop(signal.SIGTERM, timeout=40)
    finally:
        if srv.proc is not None:
            srv.stop()
    assert code == 0
    assert refused.status_code == 429 and refused.json()["error"]["type"] == "budget_limit_error"
    logs = [d for d in stored_logs(tmp_path / "data") if d.get("status") == "success"]
    costs = [float(d.get("actualCostUsd") or 0) for d in logs]
    spent, most = sum(costs), max(costs)
    assert len(logs) == len(load.ok_ids()) and most > 0
    assert spent <= limit + threads * most, f"spent {spent:.4f} > {limit} + {threads} × {most:.4f}"
    assert spent >= limit, "the load never reached the budget: the check proves nothing"
    print(f"budget: limit {limit}, spent {spent:.4f}, per request ≤ {most:.4f}, in flight ≤ {threads}")
