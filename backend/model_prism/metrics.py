"""Prometheus metrics (multi-process aware under gunicorn when PROMETHEUS_MULTIPROC_DIR is set)."""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    generate_latest,
    multiprocess,
)

from .analytics.events import UsageEvent

REQUESTS = Counter("omp_gateway_requests_total", "Gateway requests by outcome", ["tenant", "model", "status"])
TOKENS = Counter("omp_gateway_tokens_total", "Tokens served", ["tenant", "type"])
COST = Counter("omp_gateway_cost_usd_total", "Cost in USD", ["tenant"])
ANALYTICS_DROPPED = Counter("omp_analytics_dropped_total", "Usage events dropped by the analytics sink")
ANALYTICS_PENDING = Gauge(
    "omp_analytics_queue_depth", "Usage events waiting to be written", multiprocess_mode="livesum"
)


class Metrics:
    """Records gateway outcomes; tenant labels are tenant ids (bounded by the number of tenants)."""

    def __init__(self) -> None:
        self._children: dict[tuple, tuple] = {}  # label values -> their counters (labels() locks and hashes)

    def observe_event(self, event: UsageEvent) -> None:
        key = (event.tenant_id, event.routed_model, event.status)
        children = self._children.get(key)
        if children is None:
            tenant = event.tenant_id
            children = (
                REQUESTS.labels(*key),
                TOKENS.labels(tenant, "input"),
                TOKENS.labels(tenant, "output"),
                COST.labels(tenant),
            )
            if len(self._children) < 10_000:
                self._children[key] = children
        requests, tokens_in, tokens_out, cost = children
        requests.inc()
        if event.status == "success":
            tokens_in.inc(event.input_tokens)
            tokens_out.inc(event.output_tokens)
            cost.inc(max(event.actual_cost, 0.0))

    @staticmethod
    def dropped(n: int) -> None:
        ANALYTICS_DROPPED.inc(n)


def exposition() -> tuple[bytes, str]:
    """Give the metrics text and its content type (aggregated over workers in multi-process mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    from prometheus_client import REGISTRY

    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
