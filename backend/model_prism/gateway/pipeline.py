"""The gateway's work per request before dispatch, as one ordered tuple of small stages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from ..limits.service import Limits
from .authenticate import authenticate
from .autoroute import route
from .context import RequestContext
from .experiments import ExperimentStage
from .identity import identify
from .parse import validate_request
from .policy import apply_policy
from .preflight import make_preflight
from .rewrite import build_upstream_body
from .routing_env import RoutingEnvironments
from .sanitise import sanitise
from .sessions import SessionMemory
from .target import clamp_max_tokens, resolve_target

Stage = Callable[[RequestContext], RequestContext]


def build_stages(
    *,
    environments: RoutingEnvironments,
    limits: Limits,
    sessions: SessionMemory | None = None,
    learned_windows: dict | None = None,
    experiments: Stage | None = None,
) -> tuple[Stage, ...]:
    """Give the ordered stages with their collaborators bound."""
    experiments = experiments or ExperimentStage()
    return (
        limits.ip_stage,
        authenticate,
        validate_request,
        *limits.admission_stages,  # tenant requests/tokens per minute, budgets, quotas
        identify,
        apply_policy,
        partial(route, environments=environments, sessions=sessions),
        experiments,  # A/B variant for auto-routed requests in an active experiment
        resolve_target,
        make_preflight(learned_windows if learned_windows is not None else {}),  # larger window or truncation
        clamp_max_tokens,
        *limits.dispatch_stages,  # budget guard on tiers, budget hold for the estimated cost
        build_upstream_body,
        sanitise,
    )


def run_stages(ctx: RequestContext, stages: Iterable[Stage]) -> RequestContext:
    """Give the context after every stage ran in order (a stage raises to stop the request; the error carries
    the last context in `exc.context` so the failure is recorded with what was known)."""
    for stage in stages:
        try:
            ctx = stage(ctx)
        except Exception as exc:
            exc.context = ctx  # type: ignore[attr-defined]
            raise
    return ctx
