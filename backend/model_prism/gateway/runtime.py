"""The gateway service of one worker: snapshot, adapters, transport and the analytics sink, wired together."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from flask import Response

from ..analytics.events import UsageEvent
from ..analytics.sink import AnalyticsSink
from ..errors import GatewayError, ProviderError
from ..metrics import Metrics
from ..providers.base import ProviderAdapter, adapter_for
from ..providers.transport import Transport
from ..snapshot.holder import SnapshotHolder
from ..snapshot.views import ProviderView
from . import dispatch
from .accounting import Accounting, account, usage_from
from .context import RequestContext
from .enrichment import enrich_body, receipt_headers
from .pipeline import PREPARE_STAGES, Stage, run_stages
from .recording import error_event, success_event
from .streaming import relay

log = logging.getLogger(__name__)
JSON = "application/json"


class Gateway:
    def __init__(
        self,
        holder: SnapshotHolder,
        transport: Transport,
        sink: AnalyticsSink,
        metrics: Metrics,
        stages: tuple[Stage, ...] = PREPARE_STAGES,
        dumps: Callable[[object], bytes] | None = None,
    ) -> None:
        import orjson

        self.holder = holder
        self.transport = transport
        self.sink = sink
        self.metrics = metrics
        self.stages = stages
        self.dumps = dumps or orjson.dumps
        self._adapters: dict[str, tuple[object, ProviderAdapter]] = {}

    def adapter(self, provider: ProviderView) -> ProviderAdapter:
        """Give the cached adapter for the provider, rebuilt when its configuration changed."""
        cached = self._adapters.get(provider.id)
        if cached is None or cached[0] is not provider.config:
            cached = (provider.config, adapter_for(provider.config, self.transport))
            self._adapters[provider.id] = cached
        return cached[1]

    def record(self, event: UsageEvent | None) -> None:
        if event is not None:
            self.sink.submit(event)
            self.metrics.observe_event(event)

    def fail(self, ctx: RequestContext, exc: Exception) -> None:
        """Record a failed request (when a tenant is known)."""
        if not isinstance(exc, GatewayError) or exc.log:
            self.record(error_event(ctx, exc))

    def handle(self, ctx: RequestContext) -> Response:
        """Serve one OpenAI-surface request; GatewayError propagates to the surface's error mapper."""
        try:
            ctx = run_stages(ctx, self.stages)
            if ctx.stream and ctx.endpoint in ("/chat/completions", "/completions"):
                return self._stream(ctx)
            return self._complete(ctx)
        except (GatewayError, ProviderError) as exc:
            self.fail(getattr(exc, "context", ctx), exc)
            raise

    def _complete(self, ctx: RequestContext) -> Response:
        try:
            target, body, attempts = dispatch.complete(ctx, self.adapter)
        except GatewayError as exc:
            exc.context = ctx  # type: ignore[attr-defined]
            raise
        ctx = ctx.evolve(
            "dispatch", {"provider": target.provider.slug, "attempts": len(attempts)}, target=target
        )
        acc = account(ctx, usage_from(body.get("usage")))
        if ctx.endpoint != "/embeddings":
            body = enrich_body(ctx, body, acc)
        else:
            body["model"] = target.model_id
        self.record(success_event(ctx, acc, streaming=False, extra=_fallback_fields(attempts)))
        return Response(self.dumps(body), 200, mimetype=JSON, headers=receipt_headers(ctx, acc))

    def _stream(self, ctx: RequestContext) -> Response:
        try:
            target, events, first, attempts = dispatch.open_stream(ctx, self.adapter)
        except GatewayError as exc:
            exc.context = ctx  # type: ignore[attr-defined]
            raise
        ctx = ctx.evolve(
            "dispatch",
            {"provider": target.provider.slug, "attempts": len(attempts), "stream": True},
            target=target,
        )

        def done(acc: Accounting | None, exc: Exception | None) -> None:
            if acc is not None:
                self.record(success_event(ctx, acc, streaming=True, extra=_fallback_fields(attempts)))
            elif isinstance(exc, ProviderError):
                self.record(error_event(ctx, exc))
            else:
                # client went away: bill what the upstream produced so far as an error record
                self.record(
                    error_event(ctx, GatewayError("Client disconnected", status=499, type="client_closed"))
                )

        headers = {
            **receipt_headers(ctx),
            "Cache-Control": "no-cache",
            "X-Accel-Buffering": "no",
        }
        body: Iterator[bytes] = relay(ctx, first, events, done)
        return Response(body, 200, mimetype="text/event-stream", headers=headers, direct_passthrough=True)


def _fallback_fields(attempts: list) -> dict:
    if not attempts:
        return {}
    return {
        "handledFallback": True,
        "fallbackType": "provider_chain",
        "attempts": attempts,
        "fallbackDetail": f"{len(attempts)} failed attempt(s) before success",
    }
