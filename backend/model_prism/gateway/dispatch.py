"""Calls the provider adapter, falling back to other providers of the same model before the first byte."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from ..errors import GatewayError, ProviderError
from ..providers.base import ProviderAdapter
from ..snapshot.views import ProviderView
from .context import RequestContext, Target

log = logging.getLogger(__name__)
RETRYABLE = {408, 409, 425, 429, 500, 502, 503, 504, None}

AdapterFor = Callable[[ProviderView], ProviderAdapter]


def provider_chain(ctx: RequestContext) -> list[Target]:
    """Give the serving target first, then other tenant providers that list the same model visibly."""
    chain = [ctx.target]
    for p in ctx.snapshot.tenant_providers(ctx.tenant):
        if p.id != ctx.target.provider.id:
            m = p.model(ctx.target.model_id)
            if m is not None and m.visible:
                chain.append(Target(p, m, m.id))
    return chain


def upstream_failure(exc: ProviderError) -> GatewayError:
    """Give the client-facing error for a terminal upstream failure (never 5xx for a client-side 4xx)."""
    status = exc.upstream_status
    if status in (400, 404, 413, 422):
        lowered = exc.message.lower()
        etype = (
            "context_length_exceeded"
            if "context" in lowered and "length" in lowered
            else "invalid_request_error"
        )
        return GatewayError(exc.message, status=400, type=etype, code="upstream_rejected")
    if status == 429:
        headers = {"Retry-After": str(int(exc.retry_after or 1))}
        return GatewayError(
            exc.message, status=429, type="rate_limit_error", code="upstream_rate_limited", headers=headers
        )
    return GatewayError(exc.message, status=502, type="provider_error", code="upstream_error")


def _call(ctx: RequestContext, adapter_for: AdapterFor, op: Callable[[ProviderAdapter, dict], object]):
    attempts = []
    last: ProviderError | None = None
    for target in provider_chain(ctx):
        body = {**ctx.upstream_body, "model": target.model_id}
        try:
            return target, op(adapter_for(target.provider), body), attempts
        except ProviderError as exc:
            last = exc
            attempts.append(
                {"provider": target.provider.slug, "model": target.model_id, "message": exc.message[:500]}
            )
            log.warning(
                "provider %s failed for %s: %s", target.provider.slug, target.model_id, exc.message[:300]
            )
            if exc.upstream_status not in RETRYABLE:
                break
    raise upstream_failure(last)  # type: ignore[arg-type]


def complete(ctx: RequestContext, adapter_for: AdapterFor) -> tuple[Target, dict, list]:
    """Give (serving target, OpenAI body, failed attempts) for a non-streaming request."""
    ops = {
        "/chat/completions": lambda a, b: a.chat(b),
        "/completions": lambda a, b: a.completions(b),
        "/embeddings": lambda a, b: a.embeddings(b),
    }
    return _call(ctx, adapter_for, ops[ctx.endpoint])


def open_stream(
    ctx: RequestContext, adapter_for: AdapterFor
) -> tuple[Target, Iterator[dict], dict | None, list]:
    """Start the upstream stream and pull its first event, so failures before the first byte can fall back."""

    def op(adapter: ProviderAdapter, body: dict):
        events = (
            adapter.chat_stream(body)
            if ctx.endpoint == "/chat/completions"
            else adapter.completions_stream(body)
        )
        iterator = iter(events)
        try:
            first = next(iterator)
        except StopIteration:
            first = None
        return iterator, first

    target, (iterator, first), attempts = _call(ctx, adapter_for, op)
    return target, iterator, first, attempts
