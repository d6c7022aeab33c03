"""Turns a finished (or failed) request into the one usage event the analytics sink writes."""

from __future__ import annotations

import time

from ..analytics.error_classes import classify
from ..analytics.events import UsageEvent
from ..analytics.snapshots import prompt_snapshot, response_snapshot, system_prompt_hash
from ..auth.secrets import current_box, fingerprint
from ..errors import GatewayError, ProviderError
from ..models.base import utcnow
from .accounting import Accounting
from .context import RequestContext
from .experiments import log_fields as experiment_log_fields


def _routing_fields(ctx: RequestContext) -> dict | None:
    if not ctx.is_auto:
        return None
    if ctx.routing is not None:
        fields = ctx.routing.to_debug_record()
        fields["routingSignals"] = {
            **fields["routingSignals"],
            "trace": ctx.routing.trace_dicts(),
            "gatewayTrace": ctx.trace(),
        }
        return fields
    route = next((dict(n) for s, n in ctx.notes if s == "route"), {})
    tier = ctx.target.model.tier if ctx.target and ctx.target.model else None
    return {
        "costTier": tier,
        "routingSignals": {"selectionMethod": route.get("selection_method"), "trace": ctx.trace()},
    }


def _request_fields(ctx: RequestContext) -> dict:
    """Give identity and snapshot fields shared by success and error records."""
    fields: dict = {"viaProxy": ctx.via_proxy}
    if ctx.client_ip:
        fields["clientIpHash"] = fingerprint(ctx.client_ip, "ip")
    messages = ctx.body.get("messages") if isinstance(ctx.body.get("messages"), list) else None
    if messages:
        fields["systemPromptHash"] = system_prompt_hash(messages)
    if ctx.tenant is not None and ctx.tenant.prompt_logging:
        if messages is None and isinstance(ctx.body.get("prompt"), str):
            messages = [{"role": "user", "content": ctx.body["prompt"]}]
        if messages:
            fields["promptSnapshot"] = prompt_snapshot(messages, ctx.tenant.prompt_log_level, current_box())
    fields.update(experiment_log_fields(ctx))
    if ctx.tenant is not None and ctx.tenant.slug == "chat":
        fields["origin"] = "chat"
    return {k: v for k, v in fields.items() if v is not None}


def _identity(ctx: RequestContext, status: str) -> dict:
    """Give the event fields every record has: who, when, which endpoint and model, how long."""
    return {
        "request_id": ctx.request_id,
        "tenant_id": ctx.tenant.id,
        "timestamp": utcnow(),
        "status": status,
        "endpoint": ctx.endpoint,
        "requested_model": ctx.requested_model,
        "routed_model": ctx.target.model_id if ctx.target else "none",
        "provider_id": ctx.target.provider.id if ctx.target else None,
        "session_id": ctx.session_id,
        "user_name": ctx.user,
        "is_auto_routed": ctx.is_auto,
        "duration_ms": int((time.perf_counter() - ctx.started) * 1000),
    }


def success_event(
    ctx: RequestContext, acc: Accounting, *, streaming: bool, extra: dict | None = None
) -> UsageEvent:
    c, u = acc.costs, acc.usage
    fields = _request_fields(ctx)
    if ctx.tenant.prompt_logging:
        fields["responseSnapshot"] = response_snapshot(acc.response_text, acc.finish_reason, current_box())
    return UsageEvent(
        **_identity(ctx, "success"),
        streaming=streaming,
        input_tokens=u.input_tokens,
        output_tokens=u.output_tokens,
        cached_input_tokens=u.cached_input_tokens,
        reasoning_tokens=u.reasoning_tokens,
        actual_cost=round(c.actual, 9),
        baseline_cost=round(c.baseline, 9),
        saved=round(c.saved, 9),
        baseline_model=c.baseline_model,
        routing_cost=c.routing_cost,
        http_status=200,
        routing=_routing_fields(ctx),
        extra={**(extra or {}), **fields},
    )


def error_event(ctx: RequestContext, exc: Exception) -> UsageEvent | None:
    """Give the error event, or None when no tenant is known (nothing to attribute it to)."""
    if ctx.tenant is None:
        return None
    if isinstance(exc, GatewayError):
        status, etype, message = exc.status, exc.type, exc.message
    elif isinstance(exc, ProviderError):
        status, etype, message = exc.status, "provider_error", exc.message
    else:
        status, etype, message = 500, "internal_error", "Internal error"
    category, description = classify(message)
    return UsageEvent(
        **_identity(ctx, "error"),
        streaming=ctx.stream,
        http_status=status,
        error_type=etype,
        error_message=f"[{status}] {etype}: {message}"[:2000],
        error_category=category,
        routing=_routing_fields(ctx) if ctx.target else None,
        extra={**_request_fields(ctx), "errorDescription": description},
    )
