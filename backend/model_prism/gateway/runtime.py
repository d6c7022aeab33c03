"""The gateway service of one worker: snapshot, adapters, transport and the analytics sink, wired together.

Surfaces (OpenAI here, Anthropic Messages elsewhere) share `prepare`, `complete` and `stream`; each only encodes."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial

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
from .circuit import CircuitBreaker
from .context import RequestContext
from .enrichment import enrich_body, receipt_headers
from .notices import post_process
from .openai_shape import normalise
from .pipeline import Stage, run_stages
from .recording import error_event, success_event
from .streaming import StreamEvent, openai_sse, relay_events

log = logging.getLogger(__name__)
JSON = "application/json"
SSE = "text/event-stream; charset=utf-8"
STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


@dataclass(frozen=True)
class Reply:
    """A served gateway response, independent of the web framework: a JSON body or an SSE byte stream.

    `after` is work that belongs to the request but not to its answer (the usage record, limits settlement,
    metrics): it runs once the WSGI server has written the body, so the client does not wait for it."""

    status: int
    content_type: str
    body: bytes | Iterator[bytes]
    headers: dict[str, str] = field(default_factory=dict)
    after: Callable[[], None] | None = None

    def wsgi_body(self) -> Iterable[bytes]:
        """Give the body as a WSGI iterable (a JSON body with `after` runs it when written or closed)."""
        if not isinstance(self.body, bytes):
            return self.body
        return [self.body] if self.after is None else ThenRun(self.body, self.after)

    def to_flask(self) -> Response:
        whole = isinstance(self.body, bytes)
        headers = {**self.headers, "Content-Length": str(len(self.body))} if whole else self.headers
        return Response(
            self.wsgi_body(),
            self.status,
            content_type=self.content_type,
            headers=headers,
            direct_passthrough=True,
        )


class ThenRun:
    """A one-chunk WSGI body that runs `after` once the server has taken the chunk, or when the server closes it
    (a client gone before the write): exactly once either way, and a failure there is logged, never raised."""

    __slots__ = ("body", "after")

    def __init__(self, body: bytes, after: Callable[[], None]) -> None:
        self.body = body
        self.after: Callable[[], None] | None = after

    def __iter__(self) -> Iterator[bytes]:
        yield self.body
        self.close()

    def close(self) -> None:
        after, self.after = self.after, None
        if after is not None:
            try:
                after()
            except Exception:  # noqa: BLE001 - the answer is already out; the connection stays usable
                log.exception("recording a served request failed")


@dataclass(frozen=True)
class Completed:
    ctx: RequestContext
    body: dict  # the provider's OpenAI-shaped body, model rewritten to the served id
    accounting: Accounting
    record: Callable[[], None]  # the usage record, limits settlement and session hooks of this request


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
        self.breaker = CircuitBreaker()
        self.counters = None  # process.counters.TrafficCounters, set by the app
        self.limits = None  # limits.service.Limits, set by the app
        self.environments = None  # routing_env.RoutingEnvironments, shared with the admin dry runs
        self.dispatcher = dispatch.Dispatcher(self.adapter, self.breaker)

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
            if self.limits is not None:
                self.limits.settle_event(
                    event
                )  # releases the budget hold, adds actual tokens and quota usage
            self.metrics.observe_event(event)
            if self.counters is not None:
                blocked = event.http_status == 429
                self.counters.add("blocked" if blocked else "requests")
                if event.status == "error" and not blocked:
                    self.counters.add("errors")

    def fail(self, ctx: RequestContext, exc: Exception) -> None:
        """Record a failed request (when a tenant is known and the error is worth a log entry)."""
        if not isinstance(exc, GatewayError) or exc.log:
            self.record(error_event(ctx, exc))

    def _succeeded(self, ctx: RequestContext, acc: Accounting, *, streaming: bool) -> None:
        self.record(success_event(ctx, acc, streaming=streaming, extra=_fallback_fields(ctx.dispatch, ctx)))
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

    def complete(self, ctx: RequestContext, *, record: bool = True) -> Completed:
        """Serve a prepared non-streaming request (with the recovery rules) and record it; with `record=False` the
        caller runs `Completed.record` itself once the answer is out (failures are always recorded here)."""
        try:
            out = self.dispatcher.run(ctx, dispatch.complete_op(ctx.endpoint))
        except GatewayError as exc:
            self.fail(ctx, exc)
            raise
        ctx = ctx.evolve("dispatch", _dispatch_note(out), target=out.target, dispatch=out)
        body = normalise(ctx.endpoint, out.result, out.target.model_id)
        if ctx.endpoint == "/chat/completions":
            body = post_process(ctx, body)
        choice = (body.get("choices") or [{}])[0]
        text = (choice.get("message") or {}).get("content") if "message" in choice else choice.get("text")
        acc = account(ctx, usage_from(body.get("usage")))
        acc = dataclasses.replace(
            acc,
            response_text=text if isinstance(text, str) else None,
            finish_reason=choice.get("finish_reason"),
        )
        done = Completed(ctx, body, acc, partial(self._succeeded, ctx, acc, streaming=False))
        if record:
            done.record()
        return done

    def stream(self, ctx: RequestContext) -> Streaming:
        """Open a prepared streaming request (recovering before the first byte); events record it when done."""
        try:
            out = self.dispatcher.run(ctx, dispatch.stream_op(ctx.endpoint))
        except GatewayError as exc:
            self.fail(ctx, exc)
            raise
        upstream, first = out.result
        ctx = ctx.evolve("dispatch", {**_dispatch_note(out), "stream": True}, target=out.target, dispatch=out)

        def done(acc: Accounting | None, exc: Exception | None) -> None:
            if acc is not None:
                self._succeeded(ctx, acc, streaming=True)
            elif isinstance(exc, ProviderError):
                self.record(error_event(ctx, exc))
            else:
                closed = GatewayError("Client disconnected", status=499, type="client_closed")
                self.record(error_event(ctx, closed))

        return Streaming(ctx, relay_events(ctx, first, upstream, done))

    def serve(self, ctx: RequestContext) -> Reply:
        """Serve one OpenAI-surface request; GatewayError propagates to the surface's error mapper."""
        ctx = self.prepare(ctx)
        if ctx.stream and ctx.endpoint in ("/chat/completions", "/completions"):
            s = self.stream(ctx)
            return Reply(200, SSE, openai_sse(s.events), {**receipt_headers(s.ctx), **STREAM_HEADERS})
        done = self.complete(ctx, record=False)

        def answer() -> tuple[dict, dict[str, str]]:
            body = (
                done.body
                if ctx.endpoint == "/embeddings"
                else enrich_body(done.ctx, done.body, done.accounting)
            )
            return body, receipt_headers(done.ctx, done.accounting)

        return self.answer(done, answer)

    def answer(self, done: Completed, build: Callable[[], tuple[dict, dict[str, str]]]) -> Reply:
        """Give the JSON reply `build` makes of a completed request (document, headers), recorded once it is written;
        if building it fails, recorded at once (the provider answered and billed) before the error goes on."""
        try:
            doc, headers = build()
            return Reply(200, JSON, self.dumps(doc), headers, done.record)
        except Exception:
            done.record()
            raise

    def handle(self, ctx: RequestContext) -> Response:
        """Serve one OpenAI-surface request as a Flask response."""
        return self.serve(ctx).to_flask()


def _fallback_fields(out, ctx=None) -> dict:
    if ctx is not None and ctx.preflight and not (out and out.attempts):
        original = ctx.preflight["original_model"]
        detail = f"pre-flight: {original} too small for the context → {ctx.preflight['fallback_model']}"
        return {
            "handledFallback": True,
            "fallbackType": "context_overflow",
            "contextFallback": True,
            "originalModel": original,
            "fallbackDetail": detail,
        }
    if out is None or not out.attempts:
        return {}
    fields = {
        "handledFallback": True,
        "fallbackType": "provider_chain",
        "fallbackDetail": f"{len(out.attempts)} failed attempt(s) before success",
        "attempts": out.attempts,
    }
    fields.update(out.log_fields)
    return fields


def _dispatch_note(out) -> dict:
    return {
        "provider": out.target.provider.slug,
        "model": out.target.model_id,
        "attempts": len(out.attempts),
        "fallback": out.log_fields.get("fallbackType"),
    }
