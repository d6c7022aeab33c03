"""Helpers for admin API tests: users per role with tokens, and request shortcuts."""

from __future__ import annotations

import itertools

from flask_jwt_extended import create_access_token, create_refresh_token

from model_prism.auth.tokens import claims_for
from model_prism.models import User
from model_prism.models.user import ROLES

_ips = itertools.count(1)


def fresh_ip() -> str:
    """Give a new client address so per-IP limits never interfere with a test's own purpose."""
    n = next(_ips)
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


def users_per_role(tenant_ids: list[str]) -> dict[str, User]:
    """Create one user per role (tenant roles get the given tenants) and give them by role."""
    out = {}
    for role in ROLES:
        out[role] = User(username=f"user-{role}", role=role, tenants=tenant_ids, passwordHash=None).save()
    return out


def token_for(app, user: User, refresh: bool = False) -> str:
    with app.app_context():
        if refresh:
            return create_refresh_token(identity=str(user.id))
        return create_access_token(identity=str(user.id), additional_claims=claims_for(user))


def call(client, method: str, path: str, token: str | None = None, json=None, **kw):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.open(
        path, method=method, json=json, headers=headers, environ_base={"REMOTE_ADDR": fresh_ip()}, **kw
    )
