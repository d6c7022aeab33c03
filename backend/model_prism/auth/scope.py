"""Who is calling and which tenants they may see: tenant roles are limited to their assigned tenants."""

from __future__ import annotations

from dataclasses import dataclass

from bson import ObjectId
from flask_jwt_extended import get_jwt

from ..errors import Forbidden
from .rbac import TENANT_ROLES

IMPOSSIBLE = ObjectId("000000000000000000000000")
PROMPT_ROLES = ("admin", "maintainer", "tenant-maintainer")


@dataclass(frozen=True)
class Caller:
    user_id: str
    username: str
    role: str
    tenants: tuple[str, ...]

    @property
    def tenant_scoped(self) -> bool:
        return self.role in TENANT_ROLES

    @property
    def unrestricted_writer(self) -> bool:
        return self.role in ("admin", "maintainer")


def current_caller() -> Caller:
    """Give the caller from the verified JWT of this request."""
    claims = get_jwt()
    return Caller(
        user_id=str(claims.get("sub")),
        username=claims.get("username") or "",
        role=claims.get("role") or "",
        tenants=tuple(claims.get("tenants") or ()),
    )


def tenant_filter(caller: Caller, requested: str | None) -> list[ObjectId] | None:
    """Give the tenant ids a query must be limited to (None = no limit); a foreign id gives an empty match."""
    if requested and not ObjectId.is_valid(requested):
        return [IMPOSSIBLE]
    if not caller.tenant_scoped:
        return [ObjectId(requested)] if requested else None
    own = [ObjectId(t) for t in caller.tenants if ObjectId.is_valid(t)]
    if requested:
        return [ObjectId(requested)] if ObjectId(requested) in own else [IMPOSSIBLE]
    return own or [IMPOSSIBLE]


def scope_key(caller: Caller) -> str:
    """Give a cache-key part that differs between callers who may see different tenants."""
    return "global" if not caller.tenant_scoped else "t:" + ",".join(sorted(caller.tenants))


def ensure_tenant_access(caller: Caller, tenant_id: str) -> None:
    """Refuse a tenant outside the caller's scope (403 'Access denied — not your tenant')."""
    if caller.tenant_scoped and str(tenant_id) not in caller.tenants:
        raise Forbidden("Access denied — not your tenant")


def sees_prompts(caller: Caller) -> bool:
    return caller.role in PROMPT_ROLES
