"""A/B experiment hook of the gateway (routing.md §19): pick a variant per session, swap the routed model,
and give the request-log fields the analytics writer turns into per-variant metrics."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..routing.pipeline import with_experiment
from .context import RequestContext, Target

log = logging.getLogger(__name__)
CACHE_SECONDS = 60.0


@dataclass(frozen=True)
class ActiveExperiment:
    id: str
    tenant_id: str
    variants: tuple[Mapping[str, Any], ...]
    target_categories: frozenset[str]

    def applies_to(self, category: str | None) -> bool:
        return not self.target_categories or (category or "") in self.target_categories


def pick_variant(
    experiment_id: str, session_id: str, variants: Sequence[Mapping[str, Any]]
) -> Mapping[str, Any]:
    """Give the session's variant: first 4 bytes of SHA-256(id + session) modulo the weight sum, cumulative."""
    weights = [max(0, int(v.get("weight") if v.get("weight") is not None else 50)) for v in variants]
    total = sum(weights)
    if total <= 0:
        return variants[0]
    h = int.from_bytes(hashlib.sha256((experiment_id + session_id).encode()).digest()[:4], "big")
    bucket, cumulative = h % total, 0
    for variant, weight in zip(variants, weights, strict=True):
        cumulative += weight
        if cumulative > bucket:
            return variant
    return variants[-1]


def load_active() -> list[ActiveExperiment]:
    """Give every active experiment whose end date has not passed (read from the store)."""
    from ..models import Experiment
    from ..models.base import utcnow

    now = utcnow()
    out = []
    for e in Experiment.objects(status="active"):
        if e.endDate is not None and e.endDate <= now:
            continue
        if e.startDate is not None and e.startDate > now:
            continue
        out.append(ActiveExperiment(str(e.id), str(e.tenantId), tuple(e.variants or ()),
                                    frozenset(e.targetCategories or ())))  # fmt: skip
    return out


class ExperimentCache:
    """Active experiments per tenant, re-read at most every `ttl` seconds or right after `invalidate()`."""

    def __init__(
        self, loader: Callable[[], list[ActiveExperiment]] = load_active, ttl: float = CACHE_SECONDS
    ):
        self._loader, self._ttl = loader, ttl
        self._by_tenant: dict[str, list[ActiveExperiment]] = {}
        self._loaded_at = float("-inf")
        self._lock = threading.Lock()

    def invalidate(self, area: str | None = None) -> None:
        if area in (None, "experiments", "config"):
            self._loaded_at = float("-inf")

    def for_tenant(self, tenant_id: str) -> list[ActiveExperiment]:
        if time.monotonic() - self._loaded_at > self._ttl:
            with self._lock:
                if time.monotonic() - self._loaded_at > self._ttl:
                    by_tenant: dict[str, list[ActiveExperiment]] = {}
                    for e in self._loader():
                        by_tenant.setdefault(e.tenant_id, []).append(e)
                    self._by_tenant, self._loaded_at = by_tenant, time.monotonic()
        return self._by_tenant.get(tenant_id, [])


def _target(ctx: RequestContext, provider_id: str | None, model_id: str) -> Target | None:
    providers = sorted(ctx.snapshot.tenant_providers(ctx.tenant), key=lambda p: p.id != (provider_id or ""))
    for provider in providers:
        m = provider.model(model_id)
        if m is not None and m.visible:
            return Target(provider, m, m.id)
    return None


class ExperimentStage:
    """Gateway stage after `route`: an active experiment of the tenant may replace the auto-routed model."""

    def __init__(self, cache: ExperimentCache | None = None, *, listen: bool = True) -> None:
        self.cache = cache or ExperimentCache()
        if listen:  # experiment writes in this process take effect at once; other processes within the TTL
            from ..snapshot import propagation

            propagation.on_change(self.cache.invalidate)

    def __call__(self, ctx: RequestContext) -> RequestContext:
        if not ctx.is_auto or ctx.routing is None or ctx.tenant is None:
            return ctx
        category = ctx.routing.category
        experiment = next((e for e in self.cache.for_tenant(ctx.tenant.id) if e.applies_to(category)), None)
        if experiment is None or len(experiment.variants) < 2:
            return ctx
        variant = pick_variant(experiment.id, ctx.session_id or ctx.request_id, experiment.variants)
        name, model = str(variant.get("name") or ""), str(variant.get("model") or "")
        provider_id = str(variant["providerId"]) if variant.get("providerId") else None
        target = _target(ctx, provider_id, model) if model else None
        note = {"experimentId": experiment.id, "variant": name, "model": model}
        if target is None:
            log.warning(
                "experiment %s: variant model %r is not available to the tenant", experiment.id, model
            )
            return ctx.evolve("experiment", {**note, "skipped": "model not available"})
        routing = with_experiment(ctx.routing, experiment.id, name, target.model_id)
        return ctx.evolve("experiment", note, routing=routing, model_id=target.model_id, target=target)


def log_fields(ctx: RequestContext) -> dict[str, Any]:
    """Give the request-log fields `experimentId` and `experimentVariant` of a request an experiment changed."""
    from bson import ObjectId

    override = getattr(ctx.routing, "experiment_override", None) if ctx.routing is not None else None
    if not override or not ObjectId.is_valid(str(override.get("experimentId"))):
        return {}
    return {
        "experimentId": ObjectId(str(override["experimentId"])),
        "experimentVariant": override.get("variant"),
    }


def _increments(events) -> dict[tuple[str, str], dict[str, float]]:
    sums: dict[tuple[str, str], dict[str, float]] = {}
    for e in events:
        exp_id, variant = e.extra.get("experimentId"), e.extra.get("experimentVariant")
        if not exp_id or not variant:
            continue
        inc = sums.setdefault((str(exp_id), str(variant)), {})

        def add(key: str, value: float, inc: dict = inc) -> None:
            inc[key] = inc.get(key, 0) + value

        if e.status == "error":
            add("errorCount", 1)
            continue
        cost = float(e.actual_cost or 0)
        add("requests", 1)
        add("totalInputTokens", e.input_tokens)
        add("totalOutputTokens", e.output_tokens)
        add("totalCostUsd", cost)
        add("sumSqCostUsd", cost * cost)
        add("totalLatencyMs", int(e.duration_ms or 0))
        quality = e.extra.get("qualityScore")
        if isinstance(quality, (int, float)):
            add("totalQualityScore", quality)
            add("sumSqQuality", quality * quality)
            add("qualityCount", 1)
    return sums


def record_events(events) -> int:
    """Add a written batch's experiment requests to the per-variant metrics with one `$inc` per variant (run by
    the analytics writer, off the request path); complete experiments whose every variant reached its sample size.
    Give the number of variant entries updated."""
    from bson import ObjectId
    from pymongo import UpdateOne

    from ..analytics.writer import apply_updates
    from ..models import Experiment

    sums = _increments(events)
    if not sums:
        return 0
    ops = [
        UpdateOne(
            {"_id": ObjectId(exp_id), "metrics.variantName": variant},
            {"$inc": {f"metrics.$.{k}": v for k, v in inc.items()}},
        )  # fmt: skip
        for (exp_id, variant), inc in sums.items()
        if ObjectId.is_valid(exp_id)
    ]
    try:
        apply_updates(Experiment._get_collection(), ops)
        _complete_sampled({exp_id for exp_id, _ in sums})
    except Exception:  # noqa: BLE001 - experiment metrics never fail (or repeat) the request-log write
        log.exception("experiment metrics update failed")
        return 0
    return len(ops)


def _complete_sampled(experiment_ids: set[str]) -> None:
    from ..models import Experiment
    from ..services import experiments as service

    for e in Experiment.objects(id__in=list(experiment_ids), status="active"):
        counts = {m.get("variantName"): int(m.get("requests") or 0) for m in e.metrics or []}
        names = [v.get("name") for v in e.variants or []]
        if names and all(counts.get(n, 0) >= e.minSampleSize for n in names):
            service.complete(e, f"minimum sample size {e.minSampleSize} reached")
