from datetime import datetime

import pytest

from model_prism.analytics.costs import Prices, Usage, breakdown, cost_usd, resolve_prices
from model_prism.analytics.events import UsageEvent
from model_prism.analytics.sink import AnalyticsSink


def event(i=0):
    return UsageEvent(
        request_id=str(i),
        tenant_id="0" * 24,
        timestamp=datetime(2026, 1, 1),
        status="success",
        endpoint="/chat/completions",
        requested_model="m",
        routed_model="m",
    )


def test_sink_batches_and_flushes_everything():
    written = []
    sink = AnalyticsSink(lambda batch: written.append(list(batch)), batch_size=3)
    for i in range(7):
        sink.submit(event(i))
    assert sink.flush() == 7
    assert [len(b) for b in written] == [3, 3, 1] and sink.written == 7 and sink.pending() == 0


def test_a_paced_flush_writes_small_batches_with_a_pause_between_them(monkeypatch):
    from model_prism.analytics import sink as sink_module

    log = []
    monkeypatch.setattr(sink_module.time, "sleep", lambda s: log.append(("pause", s)))
    sink = AnalyticsSink(lambda batch: log.append(len(batch)), batch_size=2, pause_seconds=0.0002)
    for i in range(5):
        sink.submit(event(i))
    assert sink.flush() == 5
    assert log == [2, ("pause", 0.0002), 2, ("pause", 0.0002), 1]


def test_a_flush_writes_what_was_queued_and_stop_drains_what_came_meanwhile():
    written = []
    sink = AnalyticsSink(lambda b: None, batch_size=2)

    def writer(batch):
        written.extend(batch)
        if len(written) <= 4:
            sink.submit(event(100 + len(written)))  # a request finishing while the batch is written

    sink._writer = writer
    for i in range(4):
        sink.submit(event(i))
    assert sink.flush() == 4 and sink.pending() == 2  # the two that came meanwhile wait for the next flush
    sink.stop()
    assert len(written) == 6 and sink.pending() == 0


def test_full_queue_drops_and_counts():
    drops = []
    sink = AnalyticsSink(lambda b: None, maxsize=2, on_drop=drops.append)
    for i in range(5):
        sink.submit(event(i))
    assert sink.dropped == 3 and sum(drops) == 3


def test_failed_writes_are_retried_once_then_counted(caplog):
    calls = []

    def failing(batch):
        calls.append(1)
        raise RuntimeError("store down")

    sink = AnalyticsSink(failing)
    sink.submit(event())
    sink.flush()
    assert len(calls) == 2 and sink.dropped == 1


def test_stop_drains_the_queue_with_the_background_writer_running():
    written = []
    sink = AnalyticsSink(lambda b: written.extend(b), flush_seconds=60)
    sink.start()
    for i in range(10):
        sink.submit(event(i))
    sink.stop(timeout=5)
    assert len(written) == 10


def test_cost_uses_cached_price_and_the_spec_example():
    assert cost_usd(Prices(0.15, 0.60), Usage(1200, 340)) == pytest.approx(0.000384)
    assert cost_usd(Prices(2.5, 10.0), Usage(1200, 340)) == pytest.approx(0.0064)
    assert cost_usd(Prices(1.0, 1.0, 0.1), Usage(1_000_000, 0, cached_input_tokens=500_000)) == pytest.approx(
        0.55
    )
    b = breakdown(
        model_cost=0.000384,
        routing_cost=0.00002,
        auto_routed=True,
        baseline_model="gpt-4o",
        baseline_cost=0.0064,
    )
    assert b.saved == pytest.approx(0.0064 - 0.000404)
    plain = breakdown(
        model_cost=0.5, routing_cost=0.0, auto_routed=False, baseline_model="x", baseline_cost=None
    )
    assert plain.baseline == plain.actual and plain.saved == 0


def test_price_resolution_order():
    provider = Prices(1, 2)
    assert resolve_prices(
        "m", tenant_pricing={"m": {"input": 5, "output": 6}}, provider_prices=provider
    ) == Prices(5, 6, None)
    assert resolve_prices("m", provider_prices=provider) is provider
    assert resolve_prices("m", defaults=lambda mid: Prices(9, 9)) == Prices(9, 9)
    assert resolve_prices("m") is None
