"""route_request: the one routing pipeline, a tuple of pure stages (routing.md §5)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from model_prism.routing.context import RoutingContext
from model_prism.routing.environment import RouteOptions, RoutingEnvironment
from model_prism.routing.result import _PROGRESSION_KEYS, RoutingResult
from model_prism.routing.selection import selection_stage
from model_prism.routing.stages_classify import decide_stage, local_stage
from model_prism.routing.stages_intake import fim_only_stage, fim_stage, rule_set_stage, signals_stage
from model_prism.routing.stages_tiers import (
    agent_session_stage,
    cost_mode_stage,
    overrides_stage,
    rule_floor_stage,
    session_fill_stage,
    tier_boost_stage,
)
from model_prism.routing.strictness import smart_strictness_stage

log = logging.getLogger(__name__)
Stage = Callable[[RoutingContext], RoutingContext]


def target_prompt_stage(ctx: RoutingContext) -> RoutingContext:
    """S13 (trace): note the category's target system prompt that the gateway will append (not for FIM)."""
    cat = ctx.env.categories.get(ctx.category)
    prompt = cat.target_system_prompt if cat and not ctx.signals.is_fim_request else ""
    note = {"category": ctx.category, "injected": bool(prompt), "preview": prompt[:200]}
    return ctx.evolve("target_prompt", note, bool(prompt))


STAGES: tuple[Stage, ...] = (
    signals_stage,  # S0
    fim_only_stage,  # S1
    fim_stage,  # S2
    rule_set_stage,  # S3
    local_stage,  # [DD] local classifier, before any LLM call
    decide_stage,  # S4 + S5
    rule_floor_stage,  # S6
    overrides_stage,  # S7
    session_fill_stage,  # S8
    cost_mode_stage,  # S9
    tier_boost_stage,  # S10
    agent_session_stage,  # [DD] agent session floor
    smart_strictness_stage,  # S11
    selection_stage,  # S12
    target_prompt_stage,  # S13
)


def run_stages(ctx: RoutingContext, stages: tuple[Stage, ...] = STAGES) -> RoutingContext:
    """Give the context after every stage ran (stages skip themselves once ctx.done is set)."""
    for stage in stages:
        ctx = stage(ctx)
    return ctx


def route_request(
    request_body: dict[str, Any], endpoint: str, env: RoutingEnvironment, opts: RouteOptions | None = None
) -> RoutingResult:
    """Give the routing decision for an OpenAI request body; raises RoutingUnavailable (see __init__)."""
    opts = opts or RouteOptions()
    started = time.perf_counter()
    ctx = run_stages(
        RoutingContext(request=request_body, endpoint=endpoint, env=env, opts=opts, started=started)
    )
    elapsed = round((time.perf_counter() - started) * 1000, 3)
    result = to_result(ctx, elapsed)
    log.debug(  # per request: the decision itself is in the request log and the routing debug panel
        "%s (%s, %.2f, %s) -> %s [%.2fms]",
        result.category, result.cost_tier, result.confidence, result.reason, result.model_id, elapsed,
    )  # fmt: skip
    return result


def _progression(ctx: RoutingContext) -> dict[str, str | None]:
    seen = dict(ctx.tier_progression)
    out = {k: seen[k] for k in _PROGRESSION_KEYS if k in seen}
    out["final"] = ctx.cost_tier
    return out


def to_result(ctx: RoutingContext, elapsed_ms: float) -> RoutingResult:
    """Give the RoutingResult view of a finished context."""
    cat = ctx.env.categories.get(ctx.category)
    prompt = cat.target_system_prompt if cat and not ctx.signals.is_fim_request else ""
    opts = ctx.opts
    force = None
    if opts.force_route_mode or opts.strictness_mode:
        force = {"mode": opts.force_route_mode or opts.strictness_mode,
                 "user_selected_model": opts.user_selected_model, "opted_out": opts.force_route_opted_out}  # fmt: skip
    usage = ctx.classifier_usage
    return RoutingResult(
        category=ctx.category, confidence=round(ctx.confidence, 4), complexity=ctx.complexity,
        cost_tier=ctx.cost_tier, domain=ctx.domain, language=ctx.language, has_image=ctx.signals.has_images,
        estimated_output_length=ctx.estimated_output_length, conversation_turn=ctx.signals.conversation_turns,
        user_frustration_signal=ctx.user_frustration_signal, reason=ctx.reason, override_applied="+".join(ctx.labels),
        pre_routed=ctx.pre_routed, recommended_model=ctx.recommended_model, signals=ctx.signals,
        classifier_input_tokens=usage.input_tokens, classifier_output_tokens=usage.output_tokens,
        classifier_model=usage.model, routing_cost_usd=usage.cost_usd, model_id=ctx.model_id,
        provider_id=ctx.provider_id, selection_method=ctx.selection_method, analysis_time_ms=elapsed_ms,
        prev_session_fill_pct=opts.prev_session_fill_pct, decided_by=ctx.decided_by,
        classifier_called=ctx.classifier_called, local_classifier=ctx.local_status,
        tier_progression=_progression(ctx), force_route=force, system_prompt_for_category=prompt or None,
        trace=ctx.trace,
    )  # fmt: skip


def with_experiment(result: RoutingResult, experiment_id: str, variant: str, model: str) -> RoutingResult:
    """Give the result with an A/B experiment's model swapped in (§19), recorded as experiment_override."""
    override = {"experimentId": experiment_id, "variant": variant, "model": model}
    return replace(result, model_id=model, provider_id=None, experiment_override=override)
