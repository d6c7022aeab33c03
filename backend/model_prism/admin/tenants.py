"""Tenants: list, read, create (the key is shown once)."""

from __future__ import annotations

from bson import ObjectId
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from ..auth.rbac import require
from ..errors import NotFound, ValidationFailed
from ..models import Tenant
from ..services import tenants as tenant_service
from .schemas import Body

blp = Blueprint(
    "tenants", __name__, url_prefix="/api/prism/admin/tenants", description="Tenants and their keys"
)


class TenantBody(Body):
    slug = fields.String(load_default="")
    name = fields.String(load_default="")
    providerIds = fields.List(fields.String(), load_default=list)
    routing = fields.Dict(load_default=None, allow_none=True)
    keyLifetimeDays = fields.Integer(load_default=0)
    modelConfig = fields.Dict()
    rateLimit = fields.Dict()
    budgetLimits = fields.Dict()
    budgetGuard = fields.Dict()
    pricing = fields.Dict()
    promptLogging = fields.Boolean()


def _tenant(tenant_id: str) -> Tenant:
    if not ObjectId.is_valid(tenant_id):
        raise ValidationFailed("Invalid id")
    tenant = Tenant.objects(id=tenant_id).first()
    if tenant is None:
        raise NotFound("Tenant not found")
    return tenant


@blp.route("/")
class Tenants(MethodView):
    @require("can_read_config")
    def get(self):
        """List tenants (no keys)"""
        return [
            tenant_service.public_view(t) for t in Tenant.objects(internal__ne=True).order_by("createdAt")
        ]

    @require("admin_or_maint")
    @blp.arguments(TenantBody)
    def post(self, body):
        """Create a tenant; the response carries its API key once"""
        extra = {
            k: body[k]
            for k in ("modelConfig", "rateLimit", "budgetLimits", "budgetGuard", "pricing", "promptLogging")
            if k in body
        }
        tenant, key = tenant_service.create_tenant(
            slug=body["slug"],
            name=body["name"],
            provider_ids=body["providerIds"],
            routing=body.get("routing"),
            key_lifetime_days=body["keyLifetimeDays"],
            **extra,
        )
        return {**tenant_service.public_view(tenant), "apiKey": key}, 201


@blp.route("/<tenant_id>")
class TenantItem(MethodView):
    @require("can_read_config")
    def get(self, tenant_id):
        """Read one tenant (no keys)"""
        return tenant_service.public_view(_tenant(tenant_id))


@blp.route("/default/add-provider")
class DefaultAddProvider(MethodView):
    @require("admin_or_maint")
    @blp.arguments(type("AddProviderBody", (Body,), {"providerId": fields.String(required=True)}))
    def post(self, body):
        """Attach a provider to the default tenant"""
        tenant = Tenant.objects(isDefault=True).first()
        if tenant is None:
            raise NotFound("No default tenant")
        added = tenant_service.add_provider(tenant, body["providerId"])
        return {"added": added, "tenantId": str(tenant.id), "tenantSlug": tenant.slug}
