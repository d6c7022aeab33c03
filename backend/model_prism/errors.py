"""Domain exceptions, each with its status and code; no Flask imports."""

from __future__ import annotations


class PrismError(Exception):
    """Base of every error the product raises on purpose."""

    status = 500
    code = "internal_error"

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code


class NotFound(PrismError):
    status, code = 404, "not_found"


class ValidationFailed(PrismError):
    status, code = 400, "invalid_request"

    def __init__(self, message: str, *, details: dict | None = None, **kw) -> None:
        super().__init__(message, **kw)
        self.details = details or {}


class Conflict(PrismError):
    status, code = 409, "conflict"


class Forbidden(PrismError):
    status, code = 403, "forbidden"


class Unauthorized(PrismError):
    status, code = 401, "unauthorized"


class GatewayError(PrismError):
    """An error on the gateway surface, rendered in OpenAI's (or Anthropic's) error shape."""

    def __init__(
        self,
        message: str,
        *,
        status: int = 400,
        type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
        headers: dict[str, str] | None = None,
        log: bool = True,
    ) -> None:
        super().__init__(message, status=status, code=code)
        self.type = type
        self.param = param
        self.headers = headers or {}
        self.log = log  # whether the request log gets an error record

    def body(self) -> dict:
        return {"error": {"message": self.message, "type": self.type, "code": self.code, "param": self.param}}


class ProviderError(PrismError):
    """An upstream provider failed; keeps the upstream text and status for classification."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message, status=status or 502, code="provider_error")
        self.upstream_status = status
        self.retry_after = retry_after


class ConfigurationUnavailable(PrismError):
    status, code = 503, "db_not_ready"
