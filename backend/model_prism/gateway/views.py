"""The gateway's HTTP surface: /api/{tenant}/v1/*, /api/v1/* and /v1/* (OpenAI shapes)."""

from __future__ import annotations

import time
import uuid

import orjson
from flask import Blueprint, Response, current_app, request

from ..errors import GatewayError
from ..logs import request_id_var
from .authenticate import authenticate
from .context import RequestContext
from .enrichment import auto_routing, receipt_headers
from .pipeline import run_stages
from .policy import model_allowed

RESERVED_SLUGS = frozenset({"prism", "chat", "v1", "admin", "public", "health", "metrics", "docs"})
RELAYED_HEADERS = ("x-session-id", "x-user", "x-openwebui-user-name", "anthropic-version", "anthropic-beta")
POST_ENDPOINTS = ("/chat/completions", "/completions", "/embeddings")

bp = Blueprint("gateway", __name__)


def _gateway():
    return current_app.extensions["model_prism"].gateway


def api_key_from_request() -> str | None:
    return api_key_from(request.headers.get("Authorization", ""), request.headers.get("x-api-key"))


def api_key_from(authorization: str, x_api_key: str | None) -> str | None:
    """Give the API key of a `Bearer` Authorization header, else of `x-api-key`, else None."""
    if authorization[:7].lower() == "bearer ":
        return authorization[7:].strip() or None
    return x_api_key or None


def build_context(
    slug: str, endpoint: str, raw_body: bytes, *, shorthand: bool, surface: str = "openai"
) -> RequestContext:
    return new_context(
        request.path,
        slug,
        endpoint,
        raw_body,
        shorthand=shorthand,
        surface=surface,
        api_key=api_key_from_request(),
        headers={h: request.headers[h] for h in RELAYED_HEADERS if h in request.headers},
        client_ip=request.remote_addr or "",
        via_proxy="X-Forwarded-For" in request.headers,
        snapshot=_gateway().holder.current(),
    )


def new_context(
    path: str,
    slug: str,
    endpoint: str,
    raw_body: bytes,
    *,
    shorthand: bool,
    surface: str,
    api_key: str | None,
    headers: dict[str, str],
    client_ip: str,
    via_proxy: bool,
    snapshot,
) -> RequestContext:
    """Give the first context of a gateway request (the Flask views and the WSGI fast path both start here)."""
    if slug in RESERVED_SLUGS or (slug == "api" and not shorthand and path.startswith("/api/api/")):
        raise GatewayError("Not found", status=404, type="not_found", code=None, log=False)
    return RequestContext(
        request_id=request_id_var.get(),
        surface=surface,
        endpoint=endpoint,
        slug=slug,
        shorthand=shorthand,
        api_key=api_key,
        headers=headers,
        client_ip=client_ip,
        via_proxy=via_proxy,
        raw_body=raw_body,
        snapshot=snapshot,
        started=time.perf_counter(),
    )


def _serve(slug: str, rest: str, shorthand: bool) -> Response:
    endpoint = "/" + rest.strip("/")
    if request.method == "POST" and endpoint in POST_ENDPOINTS:
        ctx = build_context(slug, endpoint, request.get_data(cache=False), shorthand=shorthand)
        return _gateway().handle(ctx)
    if request.method == "POST" and endpoint == "/route/explain":
        return _explain(slug, shorthand)
    if request.method == "GET" and endpoint == "/models":
        return _models(slug, shorthand)
    if request.method == "GET" and endpoint.startswith("/models/") and endpoint != "/models/public":
        return _model(slug, shorthand, endpoint[len("/models/") :])
    extra = current_app.extensions["model_prism"].gateway_routes.get((request.method, endpoint))
    if extra is not None:
        return extra(slug, shorthand)
    raise GatewayError(
        f"Unknown endpoint {request.method} {endpoint}",
        status=404,
        type="not_found",
        code="unknown_endpoint",
        log=False,
    )


def _explain(slug: str, shorthand: bool) -> Response:
    """Dry run: the full pipeline up to the upstream body, without calling the target model or logging usage."""
    raw = request.get_data(cache=False)
    endpoint = "/chat/completions"
    try:
        peek = orjson.loads(raw)
        if isinstance(peek, dict) and peek.get("endpoint") == "/completions":
            endpoint = "/completions"
    except orjson.JSONDecodeError:
        pass
    ctx = run_stages(build_context(slug, endpoint, raw, shorthand=shorthand), _gateway().stages)
    body = {
        "model": ctx.target.model_id,
        "provider": ctx.target.provider.slug,
        "endpoint": endpoint,
        "auto_routing": auto_routing(ctx, None),
        "trace": ctx.routing.trace_dicts() if ctx.routing is not None else [],
        "gateway_trace": ctx.trace(),
        "upstream_request": ctx.upstream_body,
    }
    return Response(orjson.dumps(body), 200, mimetype="application/json", headers=receipt_headers(ctx))


def _visible_models(ctx: RequestContext) -> list[dict]:
    tenant, created = ctx.tenant, int(time.time())
    data = (
        [{"id": "auto", "object": "model", "created": created, "owned_by": "model-prism"}]
        if tenant.routing_enabled
        else []
    )
    for provider in ctx.snapshot.tenant_providers(tenant):
        for m in provider.models:
            if m.visible and model_allowed(tenant, m.id, provider.slug):
                data.append(
                    {
                        "id": f"{provider.slug}/{m.id}",
                        "object": "model",
                        "created": created,
                        "owned_by": provider.config.name,
                    }
                )
    return data


def _models(slug: str, shorthand: bool) -> Response:
    ctx = authenticate(build_context(slug, "/models", b"", shorthand=shorthand))
    return Response(
        orjson.dumps({"object": "list", "data": _visible_models(ctx)}), 200, mimetype="application/json"
    )


def _model(slug: str, shorthand: bool, model_id: str) -> Response:
    ctx = authenticate(build_context(slug, "/models", b"", shorthand=shorthand))
    match = next(
        (m for m in _visible_models(ctx) if m["id"] == model_id or m["id"].split("/", 1)[-1] == model_id),
        None,
    )
    if match is None:
        raise GatewayError(
            f"The model '{model_id}' does not exist",
            status=404,
            type="invalid_request_error",
            code="model_not_found",
            param="model",
            log=False,
        )
    return Response(orjson.dumps(match), 200, mimetype="application/json")


@bp.route("/api/<slug>/v1/<path:rest>", methods=["GET", "POST"])
def tenant_endpoint(slug: str, rest: str) -> Response:
    return _serve(slug, rest, shorthand=False)


@bp.route("/api/v1/<path:rest>", methods=["GET", "POST"])
@bp.route("/v1/<path:rest>", methods=["GET", "POST"])
def shorthand_endpoint(rest: str) -> Response:
    return _serve("api", rest, shorthand=True)


def new_request_id() -> str:
    return request.headers.get("x-request-id", "")[:64] or uuid.uuid4().hex
