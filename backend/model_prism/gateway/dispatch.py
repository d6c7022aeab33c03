"""Calls the provider adapter with the spec's recovery rules, all before the first byte reaches the client:
provider chain with circuit breaker, max_tokens clamp-and-retry, context overflow upgrade or truncation, and
model-level fallbacks (spec gateway §13)."""

from __future__ import annotations

import fnmatch
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import GatewayError, ProviderError
from ..providers.base import ProviderAdapter
from ..snapshot.views import ProviderView
from . import fim
from .circuit import CircuitBreaker
from .context import RequestContext, Target
from .context_window import (
    find_larger_context_model,
    is_context_overflow,
    is_max_tokens_error,
    learned_window,
    max_tokens_limit,
    truncate,
)
from .policy import model_allowed
from .target import TIER_ORDER

log = logging.getLogger(__name__)
AdapterFor = Callable[[ProviderView], ProviderAdapter]
Operation = Callable[[ProviderAdapter, dict], object]


@dataclass
class Outcome:
    target: Target
    result: object
    attempts: list[dict] = field(default_factory=list)
    log_fields: dict = field(default_factory=dict)  # handledFallback, fallbackType, contextFallback …
    context_fallback: dict | None = None


@dataclass
class Dispatcher:
    adapter_for: AdapterFor
    breaker: CircuitBreaker
    learned: dict[tuple[str, str], int] = field(default_factory=dict)

    def chain(self, ctx: RequestContext) -> list[Target]:
        """Give the providers to try: the tenant's fallback chain for the model (glob, exact first) or every tenant
        provider listing the model, the target first, at most 1 + maxRetries."""
        providers = ctx.snapshot.tenant_providers(ctx.tenant)
        model_id = ctx.target.model_id
        chains = list(ctx.tenant.fallback_chains)
        rule = next((c for c in chains if c.get("modelPattern") == model_id), None) or next(
            (c for c in chains if fnmatch.fnmatch(model_id, c.get("modelPattern") or "")), None
        )
        if rule and rule.get("providers"):
            order = [str(p) for p in rule["providers"]]
            candidates = [p for pid in order for p in providers if p.id == pid]
            limit = 1 + int(rule.get("maxRetries", 2))
        else:
            candidates, limit = list(providers), len(providers) or 1
        chain = [ctx.target]
        for p in candidates:
            m = p.model(model_id)
            if p.id != ctx.target.provider.id and m is not None and m.visible:
                chain.append(Target(p, m, m.id))
        return chain[:limit]

    def run(self, ctx: RequestContext, op: Operation) -> Outcome:
        """Give the first successful outcome, or raise the client-facing error of the last failure."""
        attempts: list[dict] = []
        last: ProviderError | None = None
        for target in self.chain(ctx):
            if not self.breaker.allow(target.provider.id):
                attempts.append(_attempt(target, "circuit_open", "circuit open: provider skipped"))
                continue
            outcome, last, stop = self._try_provider(ctx, target, op, attempts)
            if outcome is not None:
                return outcome
            if stop:
                break
        outcome = self._model_fallbacks(ctx, op, attempts)
        if outcome is not None:
            return outcome
        if last is None:
            raise GatewayError(
                "Every provider for this model is unavailable (circuit open)",
                status=503,
                type="provider_error",
                code="circuit_open",
            )
        raise upstream_failure(last)

    def _call(self, target: Target, body: dict, op: Operation):
        result = op(self.adapter_for(target.provider), {**body, "model": target.model_id})
        self.breaker.success(target.provider.id)
        return result

    def _try_provider(self, ctx, target, op, attempts):
        body = dict(ctx.upstream_body)
        try:
            return Outcome(target, self._call(target, body, op), attempts), None, False
        except ProviderError as exc:
            attempts.append(_attempt(target, _kind(exc), exc.message))
            if is_max_tokens_error(exc.message):
                return self._retry_max_tokens(ctx, target, body, op, attempts, exc)
            if is_context_overflow(exc.message):
                self.breaker.failure(target.provider.id)
                return self._recover_overflow(ctx, target, body, op, attempts, exc)
            if exc.upstream_status in (400, 401, 403, 404, 413, 422):
                return (
                    None,
                    exc,
                    True,
                )  # the request itself is wrong for this model: another provider won't help
            self.breaker.failure(target.provider.id)
            return None, exc, False

    def _retry_max_tokens(self, ctx, target, body, op, attempts, exc):
        limit = max_tokens_limit(exc.message)
        current = body.get("max_tokens") or body.get("max_completion_tokens")
        if limit and (current is None or current > limit):
            field_name = "max_completion_tokens" if "max_completion_tokens" in body else "max_tokens"
            try:
                result = self._call(target, {**body, field_name: limit}, op)
                fields = {
                    "handledFallback": True,
                    "fallbackType": "field_mismatch",
                    "fallbackDetail": f"max_tokens clamped to {limit} on {target.model_id}",
                }
                return Outcome(target, result, attempts, fields), None, True
            except ProviderError as retry_exc:
                attempts.append(_attempt(target, _kind(retry_exc), retry_exc.message))
                return None, retry_exc, True
        return None, exc, True

    def _recover_overflow(self, ctx, target, body, op, attempts, exc):
        window = learned_window(exc.message)
        if window and target.model is not None:
            self.learned[(target.provider.id, target.model_id)] = window
        providers = ctx.snapshot.tenant_providers(ctx.tenant)
        larger = (
            find_larger_context_model(providers, target.model, lambda m: model_allowed(ctx.tenant, m.id))
            if target.model
            else None
        )
        if larger is not None:
            bigger = Target(larger[0], larger[1], larger[1].id)
            try:
                result = self._call(bigger, body, op)
                detail = f"context overflow on {target.model_id} → upgraded to {bigger.model_id}"
                fields = {"handledFallback": True, "fallbackType": "context_overflow", "fallbackDetail": detail,
                          "contextFallback": True, "originalModel": target.model_id}  # fmt: skip
                cf = {
                    "original_model": target.model_id,
                    "fallback_model": bigger.model_id,
                    "reason": "context_length_exceeded",
                }
                return Outcome(bigger, result, attempts, fields, cf), None, True
            except ProviderError as retry_exc:
                attempts.append(_attempt(bigger, _kind(retry_exc), retry_exc.message))
        window = window or (target.model.context_window if target.model else None)
        if window and isinstance(body.get("messages"), list):
            messages, dropped = truncate(body["messages"], window, body.get("max_tokens"))
            if dropped:
                try:
                    result = self._call(target, {**body, "messages": messages}, op)
                    fields = {
                        "handledFallback": True,
                        "fallbackType": "truncation",
                        "fallbackDetail": f"{dropped} earlier message(s) dropped to fit {window} tokens",
                    }
                    return Outcome(target, result, attempts, fields), None, True
                except ProviderError as retry_exc:
                    attempts.append(_attempt(target, _kind(retry_exc), retry_exc.message))
                    return None, retry_exc, True
        return None, exc, True

    def _model_fallbacks(self, ctx, op, attempts) -> Outcome | None:
        for target in self._fallback_targets(ctx):
            if not self.breaker.allow(target.provider.id):
                continue
            try:
                result = self._call(target, dict(ctx.upstream_body), op)
            except ProviderError as exc:
                attempts.append(_attempt(target, _kind(exc), exc.message))
                self.breaker.failure(target.provider.id)
                continue
            detail = f"{ctx.target.model_id} failed → served by {target.model_id}"
            return Outcome(
                target,
                result,
                attempts,
                {"handledFallback": True, "fallbackType": "model_level", "fallbackDetail": detail},
            )
        return None

    def _fallback_targets(self, ctx: RequestContext) -> list[Target]:
        providers = ctx.snapshot.tenant_providers(ctx.tenant)
        failed = ctx.target.model_id
        out: list[Target] = []
        category_fallback = (
            getattr(ctx.routing, "category_fallback_model", None) if ctx.routing is not None else None
        )
        if category_fallback:
            out += _listing(providers, category_fallback, None)
        rules = list(ctx.tenant.model_fallbacks)
        rule = next((r for r in rules if r.get("sourcePattern") == failed), None) or next(
            (r for r in rules if r.get("sourcePattern") == "*"), None
        )
        if (
            rule
            and rule.get("type") == "next-tier"
            and ctx.target.model
            and ctx.target.model.tier in TIER_ORDER
        ):
            tier_i = TIER_ORDER.index(ctx.target.model.tier)
            lower = [
                m
                for m in ctx.target.provider.models
                if m.visible and m.tier in TIER_ORDER and TIER_ORDER.index(m.tier) < tier_i
            ]
            lower.sort(key=lambda m: -TIER_ORDER.index(m.tier))
            out += [Target(ctx.target.provider, m, m.id) for m in lower[:4]]
        elif rule and rule.get("type") == "specific":
            for fb in (rule.get("fallbacks") or [])[:4]:
                out += _listing(providers, fb.get("model"), fb.get("providerId"))[:1]
        return [t for t in out if t.model_id != failed]


def _listing(providers, model_id: str | None, provider_id) -> list[Target]:
    if not model_id:
        return []
    ordered = sorted(providers, key=lambda p: p.id != str(provider_id)) if provider_id else providers
    return [
        Target(p, p.model(model_id), model_id)
        for p in ordered
        if p.model(model_id) is not None and p.model(model_id).visible
    ]


def _kind(exc: ProviderError) -> str:
    if is_max_tokens_error(exc.message):
        return "max_tokens_exceeded"
    if is_context_overflow(exc.message):
        return "context_length_exceeded"
    return "provider_error"


def _attempt(target: Target, kind: str, message: str) -> dict:
    return {
        "provider": target.provider.slug,
        "model": target.model_id,
        "errorType": kind,
        "message": message[:500],
    }


def upstream_failure(exc: ProviderError) -> GatewayError:
    """Give the client-facing error for a terminal upstream failure (never 5xx for a client-side 4xx)."""
    status = exc.upstream_status
    if is_max_tokens_error(exc.message):
        return GatewayError(exc.message, status=400, type="max_tokens_exceeded", code="max_tokens_exceeded")
    if is_context_overflow(exc.message):
        return GatewayError(
            exc.message, status=400, type="context_length_exceeded", code="context_length_exceeded"
        )
    if status in (400, 404, 413, 422):
        return GatewayError(exc.message, status=400, type="invalid_request_error", code="upstream_rejected")
    if status == 429:
        headers = {"Retry-After": str(int(exc.retry_after or 1))}
        return GatewayError(
            exc.message, status=429, type="rate_limit_error", code="upstream_rate_limited", headers=headers
        )
    return GatewayError(exc.message, status=502, type="provider_error", code="upstream_error")


def complete_op(endpoint: str) -> Operation:
    return {
        "/chat/completions": lambda a, b: a.chat(b),
        "/completions": fim.call_completions,  # through chat where the provider has no completions endpoint
        "/embeddings": lambda a, b: a.embeddings(b),
    }[endpoint]


def stream_op(endpoint: str) -> Operation:
    """Open the stream and pull its first event, so failures before the first byte can recover."""

    def op(adapter: ProviderAdapter, body: dict):
        events = (
            adapter.chat_stream(body) if endpoint == "/chat/completions" else adapter.completions_stream(body)
        )
        iterator = iter(events)
        try:
            first = next(iterator)
        except StopIteration:
            first = None
        return iterator, first

    return op
