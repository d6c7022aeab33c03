"""Admin authentication: login with a JWT, the current user, logout."""

from __future__ import annotations

from flask.views import MethodView
from flask_jwt_extended import create_access_token, get_jwt
from flask_smorest import Blueprint
from marshmallow import fields

from ..auth.rbac import require
from ..errors import Unauthorized, ValidationFailed
from ..services import users
from .schemas import Body

blp = Blueprint("auth", __name__, url_prefix="/api/prism/auth", description="Admin sessions")


class LoginBody(Body):
    username = fields.String(load_default="")
    password = fields.String(load_default="")


def token_for(user) -> str:
    claims = {"username": user.username, "role": user.role, "tenants": [str(t) for t in user.tenants]}
    return create_access_token(identity=str(user.id), additional_claims=claims)


@blp.route("/login")
class Login(MethodView):
    @blp.arguments(LoginBody)
    @blp.doc(security=[])
    def post(self, body):
        """Log in with a local account and get a JWT"""
        if not body["username"] or not body["password"]:
            raise ValidationFailed("Username and password required")
        user = users.check_local_login(body["username"], body["password"])
        if user is None:
            raise Unauthorized("Invalid credentials")
        return {"token": token_for(user), "username": user.username, "role": user.role}


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
        """End the session"""
        return {"success": True}
