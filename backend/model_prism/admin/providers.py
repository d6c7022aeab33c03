"""Providers: list, read, create, discover."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from ..auth.rbac import require
from ..services import providers as provider_service
from .schemas import Body

blp = Blueprint(
    "providers", __name__, url_prefix="/api/prism/admin/providers", description="Upstream providers"
)


class ProviderBody(Body):
    name = fields.String(load_default="")
    type = fields.String(load_default="")
    slug = fields.String(load_default=None, allow_none=True)
    config = fields.Dict(load_default=dict)


@blp.route("/")
class Providers(MethodView):
    @require("can_read_config")
    def get(self):
        """List providers (no secrets)"""
        return [
            provider_service.public_view(p) for p in provider_service.Provider.objects.order_by("createdAt")
        ]

    @require("admin_or_maint")
    @blp.arguments(ProviderBody)
    def post(self, body):
        """Create a provider (its API key is sealed and never returned)"""
        provider = provider_service.create_provider(**body)
        return provider_service.public_view(provider), 201


@blp.route("/<provider_id>")
class ProviderItem(MethodView):
    @require("can_read_config")
    def get(self, provider_id):
        """Read one provider (secrets masked)"""
        return provider_service.public_view(provider_service.get(provider_id), masked=True)


@blp.route("/<provider_id>/discover")
class Discover(MethodView):
    @require("admin_or_maint")
    def post(self, provider_id):
        """Discover the provider's models and merge them with the registry"""
        transport = current_app.extensions["model_prism"].gateway.transport
        return provider_service.discover(provider_id, transport)
