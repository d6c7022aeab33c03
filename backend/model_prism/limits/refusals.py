"""The 429 (and fail-closed 503) errors of the limits layer, with the exact bodies of gateway §16."""

from __future__ import annotations

from ..errors import GatewayError


def _retry(seconds: int, extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**(extra or {}), "Retry-After": str(max(1, int(seconds)))}


def ip_rate_limited(headers: dict[str, str]) -> GatewayError:
    """Give the IP limiter's 429 (no code; logged nowhere: no tenant is known yet)."""
    exc = GatewayError("Rate limit exceeded", status=429, type="rate_limit_error", headers=headers, log=False)
    exc.code = None  # §16: the IP limiter's body has no code
    return exc


def tenant_rate_limited(slug: str, limit: int, retry_after: int) -> GatewayError:
    return GatewayError(
        f"Rate limit exceeded for tenant '{slug}'. Limit: {limit} req/min.",
        status=429,
        type="rate_limit_error",
        code="tenant_rate_limit_exceeded",
        headers=_retry(retry_after),
    )


def tenant_token_rate_limited(slug: str, limit: int, retry_after: int) -> GatewayError:
    return GatewayError(
        f"Token rate limit exceeded for tenant '{slug}'. Limit: {limit} tokens/min.",
        status=429,
        type="rate_limit_error",
        code="tenant_token_rate_limit_exceeded",
        headers=_retry(retry_after),
    )


def budget_exceeded(slug: str, retry_after: int) -> GatewayError:
    return GatewayError(
        f"Budget limit reached for tenant '{slug}'.",
        status=429,
        type="budget_limit_error",
        code="tenant_budget_exceeded",
        headers=_retry(retry_after),
    )


def budget_unavailable(slug: str, retry_after: int) -> GatewayError:
    """Give the fail-closed answer while spend is unknown: a platform problem, so 503 (SDKs retry it)."""
    return GatewayError(
        f"Budget state for tenant '{slug}' is temporarily unavailable; retry shortly.",
        status=503,
        type="budget_limit_error",
        code="budget_unavailable",
        headers=_retry(retry_after),
    )


def quota_exceeded(slug: str, retry_after: int) -> GatewayError:
    return GatewayError(
        f"Quota exceeded for tenant '{slug}'.",
        status=429,
        type="quota_exceeded",
        code="tenant_quota_exceeded",
        headers=_retry(retry_after),
    )


def tier_blocked(model_id: str, tier: str, slug: str, retry_after: int) -> GatewayError:
    return GatewayError(
        f"Model '{model_id}' (tier: {tier}) is temporarily blocked — budget threshold reached for tenant '{slug}'.",
        status=429,
        type="budget_guard_error",
        code="tenant_budget_guard",
        headers=_retry(retry_after),
    )
