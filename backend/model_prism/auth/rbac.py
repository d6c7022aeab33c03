"""Role guards of the admin API (spec tenants-and-admin §3.2)."""

from __future__ import annotations

from functools import wraps

from flask_jwt_extended import get_jwt, verify_jwt_in_request

from ..errors import Forbidden

GUARDS: dict[str, tuple[str, ...]] = {
    "admin_only": ("admin",),
    "admin_or_maint": ("admin", "maintainer"),
    "can_read_config": ("admin", "maintainer", "auditor"),
    "can_view_costs": ("admin", "maintainer", "finops", "auditor"),
    "any_user": ("admin", "maintainer", "finops", "auditor", "tenant-maintainer", "tenant-admin", "tenant-viewer"),
    "can_chat": (
        "admin", "maintainer", "finops", "auditor", "tenant-maintainer", "tenant-admin", "tenant-viewer", "chat-user",
    ),
}  # fmt: skip


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
