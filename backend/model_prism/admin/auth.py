"""Admin sessions: login (local or LDAP), refresh, the current user, logout (revokes the token)."""

from __future__ import annotations

from flask import request
from flask.views import MethodView
from flask_jwt_extended import get_jwt
from flask_smorest import Blueprint
from marshmallow import fields

from ..auth import tokens
from ..auth.rbac import public, refresh_only, require
from ..errors import Unauthorized
from ..services import sessions, users
from .schemas import Body

blp = Blueprint("auth", __name__, url_prefix="/api/prism/auth", description="Admin sessions")


class LoginBody(Body):
    username = fields.String(load_default="")
    password = fields.String(load_default="")


@blp.route("/login")
class Login(MethodView):
    @public
    @blp.arguments(LoginBody)
    @blp.doc(security=[])
    def post(self, body):
        """Log in (local account, then LDAP) and get an access and a refresh token"""
        user = sessions.login(body["username"], body["password"], request.remote_addr or "-")
        return {
            "token": tokens.access_token(user),
            "refreshToken": tokens.refresh_token(user),
            "username": user.username,
            "role": user.role,
        }


@blp.route("/refresh")
class Refresh(MethodView):
    @refresh_only
    def post(self):
        """Exchange a refresh token for a new access token (role and tenants read afresh)"""
        claims = get_jwt()
        try:
            user = users.get(claims["sub"])
        except Exception:  # noqa: BLE001 - deleted users simply cannot refresh
            raise Unauthorized("Invalid token") from None
        return {"token": tokens.access_token(user), "username": user.username, "role": user.role}


@blp.route("/me")
class Me(MethodView):
    @require("can_chat")
    def get(self):
        """The logged-in user"""
        claims = get_jwt()
        return {
            "id": claims["sub"],
            "username": claims.get("username"),
            "role": claims.get("role"),
            "tenants": claims.get("tenants", []),
        }


@blp.route("/logout")
class Logout(MethodView):
    @require("can_chat")
    def post(self):
        """End the session: the token is revoked in every worker"""
        claims = get_jwt()
        sessions.logout(claims["jti"], claims.get("exp"))
        return {"success": True}
