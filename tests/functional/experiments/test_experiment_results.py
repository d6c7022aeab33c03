"""Results analysis and metric increments without the gateway: sample-size gate, best variant, z-tests, errors."""

from __future__ import annotations

from model_prism.analytics.events import UsageEvent
from model_prism.gateway.experiments import _increments
from model_prism.models import Experiment
from model_prism.models.base import utcnow
from model_prism.services.experiments import analyse, zeroed

VARIANTS = [{"name": "control", "model": "a"}, {"name": "challenger", "model": "b"}]


def _metrics(name, requests, errors, cost, quality=None, sumsq_cost=0.0):
    m = zeroed(name)
    m.update(requests=requests, errorCount=errors, totalCostUsd=cost * requests, sumSqCostUsd=sumsq_cost)
    if quality is not None:
        m.update(totalQualityScore=quality * requests, qualityCount=requests)
    return m


def _experiment(control, challenger, n=100):
    return Experiment(
        name="x", tenantId="0" * 24, variants=VARIANTS, minSampleSize=n, metrics=[control, challenger]
    )


def test_waits_for_every_variant_to_reach_the_sample_size():
    out = analyse(_experiment(_metrics("control", 150, 0, 0.01), _metrics("challenger", 99, 0, 0.01)))
    assert out["recommendation"] == "Waiting for minimum sample size (100) across all variants."
    assert out["significant"] is False and out["variants"][1]["sampleSize"] == 99


def test_a_clearly_better_challenger_is_recommended():
    out = analyse(
        _experiment(_metrics("control", 500, 60, 0.02, 70), _metrics("challenger", 500, 5, 0.02, 80))
    )
    stats = {v["name"]: v["stats"] for v in out["variants"]}
    assert stats["control"]["errorRate"] == round(60 / 560, 4) and stats["control"]["totalRequests"] == 560
    assert stats["challenger"]["avgQuality"] == 80
    assert out["significant"] is True and out["bestVariant"] == "challenger"
    assert out["recommendation"] == "challenger outperforms control, consider promoting it."
    assert "errorRate" in out["tests"][0]["significantOn"]


def test_equal_variants_are_not_significant_and_control_wins_when_it_is_better():
    same = analyse(_experiment(_metrics("control", 200, 2, 0.01), _metrics("challenger", 200, 3, 0.0101)))
    assert same["significant"] is False
    assert same["recommendation"] == "No statistically significant difference between variants."
    better = analyse(_experiment(_metrics("control", 500, 1, 0.01), _metrics("challenger", 500, 80, 0.01)))
    assert better["bestVariant"] == "control" and better["recommendation"].startswith("Control (control)")


def _event(status, variant, cost=0.0, tokens=(0, 0), ms=0, **extra):
    return UsageEvent(request_id="r", tenant_id="t", timestamp=utcnow(), status=status, endpoint="/chat/completions",
                      requested_model="auto", routed_model="m", input_tokens=tokens[0], output_tokens=tokens[1],
                      actual_cost=cost, duration_ms=ms,
                      extra={"experimentId": "e" * 24, "experimentVariant": variant, **extra})  # fmt: skip


def test_increments_count_successes_errors_and_quality_per_variant():
    sums = _increments([
        _event("success", "control", 0.5, (10, 4), 100, qualityScore=3),
        _event("success", "control", 0.25, (6, 2), 50),
        _event("error", "control"),
        _event("success", "challenger", 1.0, (1, 1), 10),
        UsageEvent(request_id="r", tenant_id="t", timestamp=utcnow(), status="success", endpoint="/x",
                   requested_model="a", routed_model="m"),
    ])  # fmt: skip
    control = sums[("e" * 24, "control")]
    assert control == {"requests": 2, "totalInputTokens": 16, "totalOutputTokens": 6, "totalCostUsd": 0.75,
                       "sumSqCostUsd": 0.3125, "totalLatencyMs": 150, "totalQualityScore": 3, "sumSqQuality": 9,
                       "qualityCount": 1, "errorCount": 1}  # fmt: skip
    assert sums[("e" * 24, "challenger")]["requests"] == 1 and len(sums) == 2
