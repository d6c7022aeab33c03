"""The experiment stage called directly on a context routed by the real stages, with an in-memory cache."""

from __future__ import annotations

import json

from bson import ObjectId

from model_prism.gateway import autoroute
from model_prism.gateway.experiments import ActiveExperiment, ExperimentCache, ExperimentStage, log_fields
from model_prism.gateway.pipeline import run_stages
from model_prism.gateway.views import build_context


def _routed_ctx(app, state, key, session="s-1"):
    """Give the context after the real stages up to and including `route`."""
    stages = state.gateway.stages
    upto = next(i for i, s in enumerate(stages) if getattr(s, "func", None) is autoroute.route)
    body = json.dumps({"model": "auto", "messages": [{"role": "user", "content": "hi there"}]}).encode()
    headers = {"Authorization": f"Bearer {key}", "x-session-id": session}
    with app.test_request_context(
        "/api/team-a/v1/chat/completions", method="POST", data=body, headers=headers
    ):
        ctx = build_context("team-a", "/chat/completions", body, shorthand=False)
        return run_stages(ctx, stages[: upto + 1])


def _stage(tenant_id, variants, categories=()):
    experiment = ActiveExperiment("e" * 24, tenant_id, tuple(variants), frozenset(categories))
    return ExperimentStage(ExperimentCache(loader=lambda: [experiment]), listen=False)


def test_stage_swaps_model_target_and_records_the_override(app, state, routed):
    tenant, key, demo = routed
    ctx = _routed_ctx(app, state, key)
    stage = _stage(str(tenant.id), [{"name": "only", "model": "demo-critical", "weight": 1,
                                     "providerId": str(demo.id)}, {"name": "never", "model": "demo-nano",
                                                                   "weight": 0}])  # fmt: skip
    out = stage(ctx)
    assert out.model_id == "demo-critical" and out.target.model_id == "demo-critical"
    assert out.target.provider.id == str(demo.id)
    assert out.routing.experiment_override == {
        "experimentId": "e" * 24,
        "variant": "only",
        "model": "demo-critical",
    }
    assert out.routing.model_id == "demo-critical" and out.routing.provider_id is None
    assert out.routing.category == ctx.routing.category
    assert log_fields(out) == {"experimentId": ObjectId("e" * 24), "experimentVariant": "only"}
    assert out.trace()[-1]["stage"] == "experiment" and log_fields(ctx) == {}


def test_stage_leaves_other_tenants_categories_and_unknown_models_alone(app, state, routed):
    tenant, key, _ = routed
    ctx = _routed_ctx(app, state, key)
    variants = [{"name": "a", "model": "demo-critical"}, {"name": "b", "model": "demo-critical"}]
    assert _stage("f" * 24, variants)(ctx) is ctx
    assert _stage(str(tenant.id), variants, categories=["not_this_one"])(ctx) is ctx
    missing = _stage(str(tenant.id), [{"name": "a", "model": "gone"}, {"name": "b", "model": "gone"}])(ctx)
    assert missing.target == ctx.target and missing.trace()[-1]["skipped"] == "model not available"
    assert (
        _stage(str(tenant.id), variants, categories=[ctx.routing.category])(ctx).model_id == "demo-critical"
    )


def test_cache_reloads_after_invalidation_only():
    loads = []

    def loader():
        loads.append(1)
        return []

    cache = ExperimentCache(loader=loader, ttl=60)
    cache.for_tenant("t")
    cache.for_tenant("t")
    cache.invalidate("providers")
    cache.for_tenant("t")
    assert len(loads) == 1
    cache.invalidate("experiments")
    cache.for_tenant("t")
    assert len(loads) == 2
