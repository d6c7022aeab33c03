"""Token estimation with the gateway's offline estimator."""

from __future__ import annotations

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from ..auth.rbac import require
from ..errors import ValidationFailed
from ..gateway.tokens import estimate_messages, estimate_string
from ..services.model_registry import context_window
from .schemas import Body

blp = Blueprint("tokenize", __name__, url_prefix="/api/prism/admin/tokenize", description="Token estimation")


class TokenizeBody(Body):
    messages = fields.Raw(load_default=None)
    max_tokens = fields.Integer(load_default=0)
    model = fields.String(load_default=None, allow_none=True)


@blp.route("/")
class Tokenize(MethodView):
    @require("any_user")
    def get(self):
        """Estimate the tokens of ?text="""
        text = request.args.get("text")
        if text is None:
            raise ValidationFailed("text must be a string")
        return {"tokens": estimate_string(text), "chars": len(text)}

    @require("any_user")
    @blp.arguments(TokenizeBody)
    def post(self, body):
        """Estimate a chat's input tokens and whether it fits the model's window"""
        if not isinstance(body["messages"], list):
            raise ValidationFailed("messages array required")
        tokens, reserved = estimate_messages(body["messages"]), max(0, body["max_tokens"] or 0)
        out = {"inputTokens": tokens, "outputReserved": reserved, "total": tokens + reserved}
        window = context_window(body["model"]) if body["model"] else None
        if window:
            out.update({"model": body["model"], "contextWindow": window, "fits": out["total"] <= window,
                        "headroom": window - out["total"]})  # fmt: skip
        return out
