"""Built-in chat settings and access tokens (sending chats needs the gateway's internal entry point)."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from ..auth.rbac import public, require
from ..auth.scope import current_caller
from ..services import chat_config
from .schemas import Body

blp = Blueprint("chat", __name__, url_prefix="/api/prism/admin/chat", description="Built-in chat settings")


class ChatConfigBody(Body):
    enabled = fields.Boolean(load_default=None, allow_none=True)
    visibility = fields.String(load_default=None, allow_none=True)
    allowedModels = fields.List(fields.String(), load_default=None, allow_none=True)
    defaultModel = fields.String(load_default=None, allow_none=True)
    systemPrompt = fields.String(load_default=None, allow_none=True)
    rateLimit = fields.Dict(load_default=None, allow_none=True)


class TokenBody(Body):
    label = fields.String(load_default="")
    expiresInHours = fields.Float(load_default=24)


@blp.route("/config")
class Config(MethodView):
    @require("admin_or_maint")
    def get(self):
        """Chat settings (defaults when none)"""
        return chat_config.current()

    @require("admin_or_maint")
    @blp.arguments(ChatConfigBody)
    def put(self, body):
        """Change chat settings"""
        return chat_config.update(body, actor=current_caller().username)


@blp.route("/tokens")
class Tokens(MethodView):
    @require("admin_or_maint")
    @blp.arguments(TokenBody)
    def post(self, body):
        """Create an access token for the token-protected public chat"""
        return chat_config.create_token(
            body["label"], body["expiresInHours"], actor=current_caller().username
        )


@blp.route("/tokens/<token>")
class TokenItem(MethodView):
    @require("admin_or_maint")
    def delete(self, token):
        """Delete an access token"""
        return chat_config.delete_token(token, actor=current_caller().username)


public_blp = Blueprint(
    "public_chat", __name__, url_prefix="/api/prism/chat", description="Public chat (aliases)"
)


@blp.route("/public/config")
class PublicConfig(MethodView):
    @public
    @blp.doc(security=[])
    def get(self):
        """Public chat settings (403 when chat is off or limited to logged-in users)"""
        return _public_config()


@public_blp.route("/public/config")
class PublicConfigAlias(MethodView):
    @public
    @public_blp.doc(security=[])
    def get(self):
        """Public chat settings, outside the admin prefix"""
        return _public_config()


def _public_config():
    from ..errors import Forbidden

    try:
        return chat_config.public_config()
    except Forbidden as exc:
        return {"error": exc.message, "enabled": False}, 403
