"""Role guards of the admin API (spec tenants-and-admin §3.2); every view carries its guard in `_guard`."""

from __future__ import annotations

from functools import wraps

from flask_jwt_extended import get_jwt, verify_jwt_in_request

from ..errors import Forbidden

GLOBAL_ROLES = ("admin", "maintainer", "finops", "auditor")
TENANT_ROLES = ("tenant-maintainer", "tenant-admin", "tenant-viewer")
GUARDS: dict[str, tuple[str, ...]] = {
    "admin_only": ("admin",),
    "admin_or_maint": ("admin", "maintainer"),
    "can_read_config": ("admin", "maintainer", "auditor"),
    "can_view_costs": ("admin", "maintainer", "finops", "auditor"),
    "any_user": GLOBAL_ROLES + TENANT_ROLES,
    "can_chat": GLOBAL_ROLES + TENANT_ROLES + ("chat-user",),
    # tenant portal (§7): ownership of the tenant is checked in the view's service call
    "portal_read": ("admin", "maintainer") + TENANT_ROLES,
    "portal_model_write": ("admin", "maintainer", "tenant-maintainer", "tenant-admin"),
    "portal_maint_write": ("admin", "maintainer", "tenant-maintainer"),
}
PUBLIC = "none"
REFRESH = "refresh_token"


def current_claims() -> dict:
    return get_jwt()


def require(guard: str):
    """Decorator: a valid admin JWT whose role is in the guard's group, else 401/403 in the admin shape."""
    roles = GUARDS[guard]

    def wrap(fn):
        @wraps(fn)
        def inner(*args, **kwargs):
            verify_jwt_in_request()
            role = get_jwt().get("role")
            if role not in roles:
                raise Forbidden("Access denied. Required role: " + " or ".join(roles))
            return fn(*args, **kwargs)

        inner._guard = guard  # type: ignore[attr-defined] - read by the RBAC matrix test
        return inner

    return wrap


def public(fn):
    """Mark a view as deliberately public (no JWT); the RBAC matrix test reads the mark."""
    fn._guard = PUBLIC  # type: ignore[attr-defined]
    return fn


def refresh_only(fn):
    """Decorator: the request must carry a valid refresh token (not an access token)."""

    @wraps(fn)
    def inner(*args, **kwargs):
        verify_jwt_in_request(refresh=True)
        return fn(*args, **kwargs)

    inner._guard = REFRESH  # type: ignore[attr-defined]
    return inner
