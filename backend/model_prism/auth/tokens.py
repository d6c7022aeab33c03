"""JWTs for admin sessions: claims {username, role, tenants}, identity = user id."""

from __future__ import annotations

from flask_jwt_extended import create_access_token, create_refresh_token

from ..models import User


def claims_for(user: User) -> dict:
    return {"username": user.username, "role": user.role, "tenants": [str(t) for t in user.tenants]}


def access_token(user: User) -> str:
    return create_access_token(identity=str(user.id), additional_claims=claims_for(user))


def refresh_token(user: User) -> str:
    return create_refresh_token(identity=str(user.id))
