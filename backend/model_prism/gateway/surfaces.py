"""Registers the gateway's extra surfaces in `state.gateway_routes` (looked up by `views._serve`):
Anthropic Messages, Mistral-style FIM, public models, tenant health and the IDE config generators."""

from __future__ import annotations

from flask import Response, current_app, request

from .anthropic.views import count_tokens, messages
from .config_endpoints import config_continue, config_models, config_opencode
from .enrichment import enrich_body, receipt_headers
from .fim import completion_to_chat_request, fim_chunks, to_fim_response
from .public import models_public, tenant_health
from .runtime import STREAM_HEADERS
from .streaming import DONE, sse
from .views import build_context


def fim_completions(slug: str, shorthand: bool) -> Response:
    """Serve `POST /fim/completions` (prompt + suffix → chat.completion shapes); providers without a
    completions endpoint fill the gap through chat."""
    gateway = current_app.extensions["model_prism"].gateway
    ctx = gateway.prepare(
        build_context(slug, "/completions", request.get_data(cache=False), shorthand=shorthand)
    )
    via_chat = not gateway.adapter(ctx.target.provider).supports_completions
    if via_chat:
        body = completion_to_chat_request(dict(ctx.upstream_body or {}))
        ctx = ctx.evolve("fim", {"via_chat": True}, endpoint="/chat/completions", upstream_body=body)
    if ctx.stream:
        s = gateway.stream(ctx)
        frames = (sse(doc) for doc in fim_chunks(s.events, via_chat))
        return Response(
            _with_done(frames, s.events),
            200,
            mimetype="text/event-stream",
            headers={**receipt_headers(s.ctx), **STREAM_HEADERS},
            direct_passthrough=True,
        )
    done = gateway.complete(ctx, record=False)

    def answer() -> tuple[dict, dict[str, str]]:
        return {**to_fim_response(done.body), **_enrichment(done)}, receipt_headers(done.ctx, done.accounting)

    return gateway.answer(done, answer).to_flask()


def _enrichment(done) -> dict:
    """Give cost_info, auto_routing and session_id as the OpenAI surface adds them."""
    return {k: v for k, v in enrich_body(done.ctx, {}, done.accounting).items() if k != "model"}


def _with_done(frames, events):
    try:
        yield from frames
        yield DONE
    finally:
        close = getattr(events, "close", None)
        if close is not None:
            close()


def register(state) -> None:
    """Fill `state.gateway_routes` with the extra surfaces (each a `handler(slug, shorthand) -> Response`)."""
    state.gateway_routes.update(
        {
            ("POST", "/messages"): messages,
            ("POST", "/messages/count_tokens"): count_tokens,
            ("POST", "/fim/completions"): fim_completions,
            ("GET", "/models/public"): models_public,
            ("GET", "/health"): tenant_health,
            ("GET", "/config/models"): config_models,
            ("GET", "/config/continue"): config_continue,
            ("GET", "/config/opencode"): config_opencode,
        }
    )
