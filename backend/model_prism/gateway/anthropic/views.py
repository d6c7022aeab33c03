"""`POST /messages` and `POST /messages/count_tokens`: Anthropic's Messages API over the gateway pipeline."""

from __future__ import annotations

import dataclasses

from flask import Response, current_app, request

from ...errors import GatewayError
from ...providers.registry import normalise
from ..authenticate import authenticate
from ..context import RequestContext, is_auto_model
from ..enrichment import receipt_headers
from ..parse import parse_body
from ..runtime import STREAM_HEADERS, Gateway
from ..tokens import estimate_messages, estimate_string
from ..views import build_context
from .inbound import fit_for_provider, invalid, to_chat_request, validate
from .outbound import to_message
from .stream import anthropic_sse

SESSION_HEADER = "x-claude-code-session-id"


def _gateway() -> Gateway:
    return current_app.extensions["model_prism"].gateway


def tenant_model_name(ctx: RequestContext, model: str) -> str:
    """Give the tenant's spelling of a Claude model name: the id itself when a provider lists it, else the model
    whose registry-normalised id matches (`claude-sonnet-4-5-20250929` finds `eu.anthropic.claude-sonnet-4-5-…`)."""
    if is_auto_model(model) or "/" in model or model in (ctx.tenant.model_config.get("aliases") or {}):
        return model
    providers = ctx.snapshot.tenant_providers(ctx.tenant)
    if any(p.model(model) is not None for p in providers):
        return model
    wanted = normalise(model)
    return next(
        (m.id for p in providers for m in p.models if m.visible and normalise(m.id) == wanted),
        model,
    )


def _context(slug: str, shorthand: bool, endpoint: str) -> RequestContext:
    ctx = build_context(slug, endpoint, b"", shorthand=shorthand, surface="anthropic")
    session = request.headers.get(SESSION_HEADER)
    if session and "x-session-id" not in ctx.headers:
        ctx = dataclasses.replace(ctx, headers={**ctx.headers, "x-session-id": session})
    return ctx


def _prepare(gateway: Gateway, ctx: RequestContext) -> RequestContext:
    authed = authenticate(ctx)  # a wrong key is answered before anything about the body
    try:
        body = to_chat_request(validate(parse_body(request.get_data(cache=False))))
    except GatewayError as exc:
        gateway.fail(authed, exc)
        raise
    body["model"] = tenant_model_name(authed, body["model"])
    ctx = gateway.prepare(dataclasses.replace(ctx, raw_body=gateway.dumps(body)))
    fitted = fit_for_provider(dict(ctx.upstream_body or {}), ctx.target.provider.config.type)
    return ctx.evolve(
        "anthropic_fit", {"provider_type": ctx.target.provider.config.type}, upstream_body=fitted
    )


def messages(slug: str, shorthand: bool) -> Response:
    """Serve one Anthropic Messages request (JSON or SSE) through the gateway pipeline."""
    gateway = _gateway()
    ctx = _prepare(gateway, _context(slug, shorthand, "/chat/completions"))
    if ctx.stream:
        s = gateway.stream(ctx)
        headers = {**receipt_headers(s.ctx), **STREAM_HEADERS, "request-id": ctx.request_id}
        return Response(
            anthropic_sse(s.ctx, s.events),
            200,
            mimetype="text/event-stream",
            headers=headers,
            direct_passthrough=True,
        )
    done = gateway.complete(ctx, record=False)

    def answer() -> tuple[dict, dict[str, str]]:
        headers = {**receipt_headers(done.ctx, done.accounting), "request-id": ctx.request_id}
        return to_message(done.ctx, done.body, done.accounting), headers

    return gateway.answer(done, answer).to_flask()


def count_tokens(slug: str, shorthand: bool) -> Response:
    """Give `{"input_tokens": n}`: the gateway's offline estimate of system, messages and tools."""
    authenticate(_context(slug, shorthand, "/messages/count_tokens"))
    doc = parse_body(request.get_data(cache=False))
    if not isinstance(doc.get("messages"), list):
        raise invalid("messages: Field required")
    body = to_chat_request(validate({"model": "auto", **doc, "max_tokens": 1}))
    total = estimate_messages(body["messages"])
    if body.get("tools"):
        total += estimate_string(_gateway().dumps(body["tools"]).decode())
    return Response(_gateway().dumps({"input_tokens": total}), 200, mimetype="application/json")
