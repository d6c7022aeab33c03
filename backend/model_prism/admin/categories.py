"""Routing categories and preset profiles."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from ..auth.rbac import require
from ..auth.scope import current_caller
from ..services import categories as service
from .schemas import Body

blp = Blueprint(
    "categories", __name__, url_prefix="/api/prism/admin/categories", description="Routing categories"
)


class CategoryBody(Body):
    key = fields.String()
    name = fields.String()
    costTier = fields.String()
    description = fields.String()
    examples = fields.List(fields.String())
    defaultModel = fields.String(allow_none=True)
    fallbackModel = fields.String(allow_none=True)
    requiresVision = fields.Boolean()
    order = fields.Integer()
    targetSystemPrompt = fields.String()


class PresetBody(Body):
    profileIds = fields.List(fields.String(), load_default=list)
    providerId = fields.String(load_default=None, allow_none=True)


@blp.route("/")
class Categories(MethodView):
    @require("can_view_costs")
    def get(self):
        """List categories by order"""
        return service.list_categories()

    @require("admin_or_maint")
    @blp.arguments(CategoryBody)
    def post(self, body):
        """Create a custom category (examples feed the local classifier)"""
        return service.view(service.create(body, actor=current_caller().username)), 201


@blp.route("/<category_id>")
class CategoryItem(MethodView):
    @require("admin_or_maint")
    @blp.arguments(CategoryBody)
    def put(self, body, category_id):
        """Update a category (key only for custom ones; audited)"""
        return service.view(service.update(category_id, body, actor=current_caller().username))

    @require("admin_or_maint")
    def delete(self, category_id):
        """Delete a category"""
        service.delete(category_id, actor=current_caller().username)
        return {"success": True}


@blp.route("/seed")
class Seed(MethodView):
    @require("admin_or_maint")
    def post(self):
        """Insert the missing built-in categories"""
        return service.seed(reset=False, actor=current_caller().username)


@blp.route("/reset-defaults")
class ResetDefaults(MethodView):
    @require("admin_or_maint")
    def post(self):
        """Restore the built-in categories to their shipped values"""
        return service.seed(reset=True, actor=current_caller().username)


@blp.route("/presets")
class Presets(MethodView):
    @require("can_view_costs")
    def get(self):
        """The preset profiles"""
        return service.presets()


@blp.route("/apply-preset")
class ApplyPreset(MethodView):
    @require("admin_or_maint")
    @blp.arguments(PresetBody)
    def post(self, body):
        """Assign the best model of each tier to the profiles' categories without a default model"""
        return service.apply_preset(body["profileIds"], body["providerId"], actor=current_caller().username)
