"""Appearance (branding): public read for the login page and public chat, admin-only write."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from ..auth.rbac import public, require
from ..auth.scope import current_caller
from ..services import system_config
from .schemas import Body

blp = Blueprint("appearance", __name__, url_prefix="/api/prism/admin/appearance", description="Branding")


class AppearanceBody(Body):
    theme = fields.String()
    brandName = fields.String()
    pageTitle = fields.String()
    chatTitle = fields.String()
    logoUrl = fields.String()
    logoData = fields.String()
    custom = fields.Dict()


@blp.route("/")
class Appearance(MethodView):
    @public
    @blp.doc(security=[])
    def get(self):
        """Appearance with defaults (public: the login page needs it)"""
        return system_config.appearance()

    @require("admin_only")
    @blp.arguments(AppearanceBody)
    def put(self, body):
        """Save the appearance (custom colours merged key-wise; logo ≤ 100 KB)"""
        return system_config.save_appearance(body, actor=current_caller().username)
