"""The gateway's work per request before dispatch, as one ordered tuple of small stages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from .authenticate import authenticate
from .autoroute import route
from .context import RequestContext
from .identity import identify
from .parse import validate_request
from .policy import apply_policy
from .rewrite import build_upstream_body
from .routing_env import RoutingEnvironments
from .sanitise import sanitise
from .target import clamp_max_tokens, resolve_target

Stage = Callable[[RequestContext], RequestContext]


def build_stages(*, environments: RoutingEnvironments) -> tuple[Stage, ...]:
    """Give the ordered stages with their collaborators bound."""
    return (
        authenticate,
        validate_request,
        identify,
        apply_policy,
        partial(route, environments=environments),
        resolve_target,
        clamp_max_tokens,
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
