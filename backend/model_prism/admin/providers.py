"""Providers and the model registry: CRUD, connection test/check, discovery, direct chat, model edits."""

from __future__ import annotations

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from ..auth.rbac import require
from ..auth.scope import current_caller
from ..services import audit, model_registry, provider_admin
from ..services import providers as provider_service
from ..services.jsonview import plain
from .schemas import Body

blp = Blueprint(
    "providers", __name__, url_prefix="/api/prism/admin/providers", description="Upstream providers"
)


class ProviderBody(Body):
    name = fields.String(load_default="")
    type = fields.String(load_default="")
    slug = fields.String(load_default=None, allow_none=True)
    config = fields.Dict(load_default=dict)


class ProviderPatch(Body):
    name = fields.String()
    type = fields.String()
    slug = fields.String(allow_none=True)
    config = fields.Dict()


class ChatBody(Body):
    model = fields.String(load_default="")
    messages = fields.List(fields.Dict(), load_default=list)


class ModelPatch(Body):
    tier = fields.String(allow_none=True)
    categories = fields.List(fields.String())
    priority = fields.Integer()
    notes = fields.String()
    inputPer1M = fields.Float(allow_none=True)
    outputPer1M = fields.Float(allow_none=True)
    visible = fields.Boolean()
    contextWindow = fields.Integer(allow_none=True)
    maxOutputTokens = fields.Integer(allow_none=True)


class ReorderBody(Body):
    items = fields.List(fields.Dict(), load_default=None, allow_none=True)


def _transport():
    return current_app.extensions["model_prism"].gateway.transport


def _view(provider, masked: bool = False) -> dict:
    return plain(provider_service.public_view(provider, masked=masked))


@blp.route("/")
class Providers(MethodView):
    @require("can_read_config")
    def get(self):
        """List providers (no secrets; hasCredentials flag)"""
        return [_view(p) for p in provider_service.Provider.objects.order_by("createdAt")]

    @require("admin_or_maint")
    @blp.arguments(ProviderBody)
    def post(self, body):
        """Create a provider (its secrets are sealed and never returned)"""
        provider = provider_service.create_provider(**body)
        audit.record_create(current_caller().username, "provider", str(provider.id), provider.name)
        return _view(provider), 201


@blp.route("/<provider_id>")
class ProviderItem(MethodView):
    @require("can_read_config")
    def get(self, provider_id):
        """Read one provider (secrets masked as ***)"""
        return _view(provider_service.get(provider_id), masked=True)

    @require("admin_or_maint")
    @blp.arguments(ProviderPatch)
    def put(self, body, provider_id):
        """Update name, slug, type or config (shallow merge; '***' keeps a stored secret)"""
        return _view(provider_admin.update(provider_id, body, actor=current_caller().username), masked=True)

    @require("admin_or_maint")
    def delete(self, provider_id):
        """Delete a provider and remove it from every tenant"""
        return provider_admin.delete(provider_id, actor=current_caller().username)


@blp.route("/<provider_id>/test")
class TestConnection(MethodView):
    @require("admin_or_maint")
    def post(self, provider_id):
        """Run the adapter's connection test"""
        result = provider_admin.test(provider_id, _transport())
        return result, 200 if result["success"] else 400


@blp.route("/<provider_id>/check")
class CheckConnection(MethodView):
    @require("admin_or_maint")
    def post(self, provider_id):
        """Connection diagnostic with a readable log and an https suggestion"""
        result = provider_admin.check(provider_id, _transport())
        return result, 200 if result.get("success") else 400


@blp.route("/<provider_id>/discover")
class Discover(MethodView):
    @require("admin_or_maint")
    def post(self, provider_id):
        """Discover the provider's models and merge them with the registry"""
        return plain(provider_service.discover(provider_id, _transport()))


@blp.route("/<provider_id>/chat")
class Chat(MethodView):
    @require("admin_or_maint")
    @blp.arguments(ChatBody)
    def post(self, body, provider_id):
        """Send a chat directly to the provider (not billed, not logged)"""
        return provider_admin.chat(provider_id, body["model"], body["messages"], _transport())


@blp.route("/models/all")
class AllModels(MethodView):
    @require("can_read_config")
    def get(self):
        """Every discovered model of every provider, flat"""
        return model_registry.all_models()


@blp.route("/models/suggest")
class Suggest(MethodView):
    @require("can_read_config")
    def get(self):
        """Registry suggestion for a model id (?modelId=)"""
        return model_registry.suggestion(request.args.get("modelId", ""))


@blp.route("/models/reorder-tier")
class ReorderTier(MethodView):
    @require("admin_or_maint")
    @blp.arguments(ReorderBody)
    def post(self, body):
        """Set priorities by the given order (first = best)"""
        return model_registry.reorder_tier(body["items"], actor=current_caller().username)


@blp.route("/<provider_id>/models/<path:model_id>")
class ModelItem(MethodView):
    @require("admin_or_maint")
    @blp.arguments(ModelPatch)
    def patch(self, body, provider_id, model_id):
        """Edit a discovered model (tier, prices → manualPricing, context → manualContext, visibility)"""
        return plain(model_registry.patch(provider_id, model_id, body, actor=current_caller().username))
