"""The gateway service of one worker: snapshot, adapters, transport and the analytics sink, wired together.

Surfaces (OpenAI here, Anthropic Messages elsewhere) share `prepare`, `complete` and `stream`; each only encodes."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass

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
from .notices import post_process
from .openai_shape import normalise
from .pipeline import Stage, run_stages
from .recording import error_event, success_event
from .streaming import StreamEvent, openai_sse, relay_events

log = logging.getLogger(__name__)
JSON = "application/json"
STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


@dataclass(frozen=True)
class Completed:
    ctx: RequestContext
    body: dict  # the provider's OpenAI-shaped body, model rewritten to the served id
    accounting: Accounting


@dataclass(frozen=True)
class Streaming:
    ctx: RequestContext
    events: Iterator[StreamEvent]


class Gateway:
    def __init__(
        self,
        holder: SnapshotHolder,
        transport: Transport,
        sink: AnalyticsSink,
        metrics: Metrics,
        stages: tuple[Stage, ...] = (),
        dumps: Callable[[object], bytes] | None = None,
    ) -> None:
        import orjson

        self.holder = holder
        self.transport = transport
        self.sink = sink
        self.metrics = metrics
        self.stages = stages
        self.dumps = dumps or orjson.dumps
        self.after_success: list[Callable[[RequestContext, Accounting], None]] = []
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
        """Record a failed request (when a tenant is known and the error is worth a log entry)."""
        if not isinstance(exc, GatewayError) or exc.log:
            self.record(error_event(ctx, exc))

    def _succeeded(self, ctx: RequestContext, acc: Accounting, *, streaming: bool, attempts: list) -> None:
        self.record(success_event(ctx, acc, streaming=streaming, extra=_fallback_fields(attempts)))
        for hook in self.after_success:
            try:
                hook(ctx, acc)
            except Exception:  # noqa: BLE001 - settlement hooks never break a served response
                log.exception("after-success hook failed")

    def prepare(self, ctx: RequestContext) -> RequestContext:
        """Run the pipeline stages; a failure is recorded with the last known context and re-raised."""
        try:
            return run_stages(ctx, self.stages)
        except (GatewayError, ProviderError) as exc:
            self.fail(getattr(exc, "context", ctx), exc)
            raise

    def complete(self, ctx: RequestContext) -> Completed:
        """Serve a prepared non-streaming request (with provider fallback) and record it."""
        try:
            target, body, attempts = dispatch.complete(ctx, self.adapter)
        except GatewayError as exc:
            self.fail(ctx, exc)
            raise
        ctx = ctx.evolve(
            "dispatch", {"provider": target.provider.slug, "attempts": len(attempts)}, target=target
        )
        body = normalise(ctx.endpoint, body, target.model_id)
        if ctx.endpoint == "/chat/completions":
            body = post_process(ctx, body)
        acc = account(ctx, usage_from(body.get("usage")))
        self._succeeded(ctx, acc, streaming=False, attempts=attempts)
        return Completed(ctx, body, acc)

    def stream(self, ctx: RequestContext) -> Streaming:
        """Open a prepared streaming request (falling back before the first byte); events record it when done."""
        try:
            target, upstream, first, attempts = dispatch.open_stream(ctx, self.adapter)
        except GatewayError as exc:
            self.fail(ctx, exc)
            raise
        ctx = ctx.evolve(
            "dispatch",
            {"provider": target.provider.slug, "attempts": len(attempts), "stream": True},
            target=target,
        )

        def done(acc: Accounting | None, exc: Exception | None) -> None:
            if acc is not None:
                self._succeeded(ctx, acc, streaming=True, attempts=attempts)
            elif isinstance(exc, ProviderError):
                self.record(error_event(ctx, exc))
            else:
                self.record(
                    error_event(ctx, GatewayError("Client disconnected", status=499, type="client_closed"))
                )

        return Streaming(ctx, relay_events(ctx, first, upstream, done))

    def handle(self, ctx: RequestContext) -> Response:
        """Serve one OpenAI-surface request; GatewayError propagates to the surface's error mapper."""
        ctx = self.prepare(ctx)
        if ctx.stream and ctx.endpoint in ("/chat/completions", "/completions"):
            s = self.stream(ctx)
            headers = {**receipt_headers(s.ctx), **STREAM_HEADERS}
            return Response(
                openai_sse(s.events),
                200,
                mimetype="text/event-stream",
                headers=headers,
                direct_passthrough=True,
            )
        done = self.complete(ctx)
        body = (
            enrich_body(done.ctx, done.body, done.accounting) if ctx.endpoint != "/embeddings" else done.body
        )
        return Response(
            self.dumps(body), 200, mimetype=JSON, headers=receipt_headers(done.ctx, done.accounting)
        )


def _fallback_fields(attempts: list) -> dict:
    if not attempts:
        return {}
    return {
        "handledFallback": True,
        "fallbackType": "provider_chain",
        "attempts": attempts,
        "fallbackDetail": f"{len(attempts)} failed attempt(s) before success",
    }
