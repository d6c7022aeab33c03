"""The gateway's hot path served straight from the WSGI environ, without Flask's request and response objects.

Only `POST /api/{tenant}/v1/{chat/completions,completions,embeddings}` (and the `/api/v1`, `/v1` shorthands)
with a Content-Length take this path. Everything else goes to Flask unchanged, as does any request that
carries an `Origin` header, so flask-cors keeps answering browsers. The answer is the one the Flask view would
give: the same `Gateway.serve`, the same error documents, `x-request-id` and the security headers. Flask's
request context, URL map, hooks and header objects cost about 0.3 ms a request; this path skips them.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Iterable
from http import HTTPStatus

from ..http_errors import gateway_error
from ..logs import request_id_var
from .runtime import Reply
from .views import RELAYED_HEADERS, RESERVED_SLUGS, api_key_from, new_context

log = logging.getLogger(__name__)

ROUTE = re.compile(r"/(?:api/([^/]+)/v1|api/v1|v1)(/chat/completions|/completions|/embeddings)")
ENVIRON_KEYS = tuple(("HTTP_" + h.upper().replace("-", "_"), h) for h in RELAYED_HEADERS)
_STATUS = {s.value: f"{s.value} {s.phrase}" for s in HTTPStatus}

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]


class GatewayFastPath:
    """WSGI middleware in front of the Flask app: serves the gateway's POST endpoints itself."""

    def __init__(
        self,
        inner: WSGIApp,
        gateway,
        *,
        max_body: int,
        security_headers: dict[str, str],
        hsts: tuple[str, str],
    ) -> None:
        self.inner = inner
        self.gateway = gateway
        self.max_body = max_body
        self.security = tuple(security_headers.items())
        self.hsts = hsts

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        route = self._route(environ)
        if route is None:
            return self.inner(environ, start_response)
        slug, endpoint, length = route
        rid = (environ.get("HTTP_X_REQUEST_ID") or "")[:64] or uuid.uuid4().hex
        request_id_var.set(rid)
        path = environ["PATH_INFO"]
        try:
            ctx = new_context(
                path,
                slug or "api",
                endpoint,
                environ["wsgi.input"].read(length) if length else b"",
                shorthand=slug is None,
                surface="openai",
                api_key=api_key_from(environ.get("HTTP_AUTHORIZATION", ""), environ.get("HTTP_X_API_KEY")),
                headers={h: environ[k] for k, h in ENVIRON_KEYS if k in environ},
                client_ip=environ.get("REMOTE_ADDR") or "",
                via_proxy="HTTP_X_FORWARDED_FOR" in environ,
                snapshot=self.gateway.holder.current(),
            )
            reply = self.gateway.serve(ctx)
        except Exception as exc:  # noqa: BLE001 - every failure becomes the surface's error document
            status, body, extra = gateway_error(exc, path)
            reply = Reply(status, "application/json", body, extra)
        status, body, extra = reply.status, reply.body, reply.headers
        headers = [("Content-Type", reply.content_type)]
        if isinstance(body, bytes):
            headers.append(("Content-Length", str(len(body))))
        headers.extend(extra.items())
        if "x-request-id" not in extra:
            headers.append(("x-request-id", rid))
        headers.extend(self.security)
        if environ.get("wsgi.url_scheme") == "https":
            headers.append(self.hsts)
        if log.isEnabledFor(logging.DEBUG):
            log.debug("POST %s %s", path, status)
        start_response(_STATUS.get(status) or f"{status} Unknown", headers)
        return reply.wsgi_body()

    def _route(self, environ: dict) -> tuple[str | None, str, int] | None:
        """Give (tenant slug or None for the shorthands, endpoint, body length) when this path serves it."""
        if environ.get("REQUEST_METHOD") != "POST" or "HTTP_ORIGIN" in environ:
            return None
        match = ROUTE.fullmatch(environ.get("PATH_INFO") or "")
        if match is None:
            return None
        slug = match.group(1)
        if slug is not None and (slug in RESERVED_SLUGS or slug == "api"):
            return None  # Flask's routing decides the ambiguous and reserved spellings
        try:
            length = int(environ.get("CONTENT_LENGTH") or "")
        except ValueError:
            return None  # chunked or missing length: Flask reads it
        if length < 0 or length > self.max_body:
            return None  # Flask answers 413
        return slug, match.group(2), length
