"""Built-in chat: settings, access tokens, and sending (admin and public) through the gateway pipeline."""

from __future__ import annotations

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from ..auth.rbac import public, require
from ..auth.scope import current_caller
from ..services import chat_config, chat_send
from .schemas import Body

blp = Blueprint("chat", __name__, url_prefix="/api/prism/admin/chat", description="Built-in chat settings")


class ChatConfigBody(Body):
    enabled = fields.Boolean(load_default=None, allow_none=True)
    visibility = fields.String(load_default=None, allow_none=True)
    allowedModels = fields.List(fields.String(), load_default=None, allow_none=True)
    defaultModel = fields.String(load_default=None, allow_none=True)
    systemPrompt = fields.String(load_default=None, allow_none=True)
    rateLimit = fields.Dict(load_default=None, allow_none=True)


class SendBody(Body):
    model = fields.String(load_default=None, allow_none=True)
    messages = fields.List(fields.Dict(), load_default=list)
    stream = fields.Boolean(load_default=False)
    max_tokens = fields.Integer(load_default=None, allow_none=True)
    temperature = fields.Float(load_default=None, allow_none=True)


class TokenBody(Body):
    label = fields.String(load_default="")
    expiresInHours = fields.Float(load_default=24)


@blp.route("")
class Send(MethodView):
    @require("can_chat")
    @blp.arguments(SendBody)
    def post(self, body):
        """Send a chat (JSON with auto_routing, or SSE when stream) as the internal chat tenant"""
        return chat_send.send(current_app._get_current_object(), body, user=current_caller().username)


def _public_send(body):
    token = request.headers.get("x-chat-token") or request.args.get("token")
    return chat_send.send(current_app._get_current_object(), body, user=None, public=True, token=token,
                          ip=request.remote_addr or "")  # fmt: skip


@blp.route("/public")
class PublicSend(MethodView):
    @public
    @blp.doc(security=[])
    @blp.arguments(SendBody)
    def post(self, body):
        """Public chat send (token check in token mode, per-IP limit, model allow-list, max_tokens cap)"""
        return _public_send(body)


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


@public_blp.route("/public")
class PublicSendAlias(MethodView):
    @public
    @public_blp.doc(security=[])
    @public_blp.arguments(SendBody)
    def post(self, body):
        """Public chat send, outside the admin prefix"""
        return _public_send(body)


def _public_config():
    from ..errors import Forbidden

    try:
        return chat_config.public_config()
    except Forbidden as exc:
        return {"error": exc.message, "enabled": False}, 403
