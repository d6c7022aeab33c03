"""Maps exceptions to the right error shape per API surface: OpenAI/Anthropic on the gateway, {"error"} on admin."""

from __future__ import annotations

import logging

import orjson
from flask import Flask, Response, request
from flask_jwt_extended import JWTManager
from werkzeug.exceptions import HTTPException

from .errors import GatewayError, PrismError, ValidationFailed
from .logs import request_id_var

log = logging.getLogger(__name__)
JSON = "application/json"


def is_gateway_path(path: str) -> bool:
    return path.startswith("/v1/") or (path.startswith("/api/") and not path.startswith("/api/prism/"))


def is_anthropic_path(path: str) -> bool:
    return is_gateway_path(path) and (path.endswith("/messages") or path.endswith("/messages/count_tokens"))


def _json(doc: dict, status: int, headers: dict | None = None) -> Response:
    # validation details of list items have integer keys ({"tenants": {0: [...]}})
    return Response(
        orjson.dumps(doc, option=orjson.OPT_NON_STR_KEYS), status, mimetype=JSON, headers=headers or {}
    )


def gateway_body(
    message: str, etype: str, code: str | None, param: str | None = None, path: str | None = None
) -> dict:
    """Give the error document of the surface the path belongs to (the current request's path by default)."""
    if is_anthropic_path(request.path if path is None else path):
        return {"type": "error", "error": {"type": _anthropic_type(etype), "message": message}}
    return {"error": {"message": message, "type": etype, "code": code, "param": param}}


def gateway_error(exc: Exception, path: str, method: str = "POST") -> tuple[int, bytes, dict]:
    """Give (status, JSON body, extra headers) for an exception raised while serving a gateway path: the one
    mapping behind the Flask error handlers and the WSGI fast path."""
    headers = None
    if isinstance(exc, GatewayError):
        doc, status = gateway_body(exc.message, exc.type, exc.code, exc.param, path), exc.status
        headers = exc.headers
    elif isinstance(exc, PrismError):
        etype = "invalid_request_error" if exc.status < 500 else "server_error"
        doc, status = gateway_body(exc.message, etype, exc.code, path=path), exc.status
    elif isinstance(exc, HTTPException):
        status = exc.code or 500
        if status == 413:
            doc = gateway_body(
                "Request body too large", "invalid_request_error", "request_too_large", path=path
            )
        else:
            etype = "not_found" if status == 404 else "invalid_request_error"
            doc = gateway_body(exc.description or exc.name, etype, None, path=path)
    else:
        log.error("unhandled error on %s %s", method, path, exc_info=exc)
        message = f"Internal error (request id {request_id_var.get()})"
        doc, status = gateway_body(message, "server_error", "internal_error", path=path), 500
    return status, orjson.dumps(doc, option=orjson.OPT_NON_STR_KEYS), dict(headers or {})


def _anthropic_type(etype: str) -> str:
    return {
        "authentication_error": "authentication_error",
        "rate_limit_error": "rate_limit_error",
        "budget_limit_error": "rate_limit_error",
        "quota_exceeded": "rate_limit_error",
        "access_denied": "permission_error",
        "not_found": "not_found_error",
        "provider_error": "api_error",
        "routing_error": "overloaded_error",
    }.get(etype, "invalid_request_error")


def _gateway_response(exc: Exception) -> Response:
    status, body, headers = gateway_error(exc, request.path, request.method)
    return Response(body, status, mimetype=JSON, headers=headers)


def render_admin_error(
    message: str, status: int, details: dict | None = None, extra: dict | None = None
) -> Response:
    doc: dict = {"error": message}
    if details:
        doc["details"] = details
    doc.update(extra or {})
    return _json(doc, status)


def register_error_handlers(app: Flask, jwt: JWTManager) -> None:
    @app.errorhandler(GatewayError)
    def _gateway(exc: GatewayError):
        return _gateway_response(exc)

    @app.errorhandler(PrismError)
    def _prism(exc: PrismError):
        if is_gateway_path(request.path):
            return _gateway_response(exc)
        return render_admin_error(
            exc.message,
            exc.status,
            getattr(exc, "details", None) if isinstance(exc, ValidationFailed) else None,
        )

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        status = exc.code or 500
        if is_gateway_path(request.path):
            return _gateway_response(exc)
        if status == 422:  # flask-smorest/webargs validation → our 400
            messages = (getattr(exc, "data", None) or {}).get("messages") or {}
            return render_admin_error("Validation failed", 400, messages)
        return render_admin_error("Not found" if status == 404 else (exc.description or exc.name), status)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        if is_gateway_path(request.path):
            return _gateway_response(exc)  # logs it
        log.exception("unhandled error on %s %s", request.method, request.path)
        return render_admin_error(f"Internal error (request id {request_id_var.get()})", 500)

    @jwt.unauthorized_loader
    def _no_token(reason: str):
        return render_admin_error("No token provided", 401)

    @jwt.invalid_token_loader
    def _bad_token(reason: str):
        return render_admin_error("Invalid token", 401)

    @jwt.expired_token_loader
    def _expired(header, payload):
        return render_admin_error("Invalid token", 401)

    @jwt.revoked_token_loader
    def _revoked(header, payload):
        return render_admin_error("Invalid token", 401)
