"""Tenant self-service portal ("My Tenant"): tenant roles act on their own tenants only."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from ..auth.rbac import require
from ..auth.scope import current_caller
from ..services import portal, tenant_keys
from ..services.tenants import public_view
from .schemas import Body
from .tenants import CustomKeyBody, KeyBody, KeyPatch

blp = Blueprint(
    "tenant_portal", __name__, url_prefix="/api/prism/tenant-portal", description="Tenant self-service portal"
)


class ModelConfigBody(Body):
    mode = fields.String()
    list = fields.List(fields.String())


class OverridesBody(Body):
    overrides = fields.Dict(load_default=None, allow_none=True)
    forceAutoRouteMode = fields.String(load_default=None, allow_none=True)


class BudgetBody(Body):
    budgetLimits = fields.Dict(load_default=None, allow_none=True)
    budgetGuard = fields.Dict(load_default=None, allow_none=True)


def _tenant(tenant_id: str):
    return portal.tenant_for(current_caller(), tenant_id)


@blp.route("/mine")
class Mine(MethodView):
    @require("portal_read")
    def get(self):
        """The caller's tenants (all for admins and maintainers)"""
        return portal.mine(current_caller())


@blp.route("/<tenant_id>")
class PortalTenant(MethodView):
    @require("portal_read")
    def get(self, tenant_id):
        """One own tenant"""
        return public_view(_tenant(tenant_id))


@blp.route("/<tenant_id>/model-config")
class ModelConfig(MethodView):
    @require("portal_model_write")
    @blp.arguments(ModelConfigBody)
    def put(self, body, tenant_id):
        """Set the model whitelist/blacklist"""
        return portal.set_model_config(current_caller(), tenant_id, body)


@blp.route("/<tenant_id>/models")
class Models(MethodView):
    @require("portal_read")
    def get(self, tenant_id):
        """Models of the tenant's providers that its model config allows"""
        return portal.models(current_caller(), tenant_id)


@blp.route("/<tenant_id>/routing-overrides")
class RoutingOverrides(MethodView):
    @require("portal_maint_write")
    @blp.arguments(OverridesBody)
    def put(self, body, tenant_id):
        """Change routing overrides and the force-auto-route mode"""
        return portal.set_routing_overrides(current_caller(), tenant_id, body)


@blp.route("/<tenant_id>/budget")
class Budget(MethodView):
    @require("portal_maint_write")
    @blp.arguments(BudgetBody)
    def put(self, body, tenant_id):
        """Change budget limits and the budget guard"""
        return portal.set_budget(current_caller(), tenant_id, body)


@blp.route("/<tenant_id>/keys")
class Keys(MethodView):
    @require("portal_maint_write")
    def get(self, tenant_id):
        """The tenant's keys (prefixes only)"""
        return tenant_keys.list_keys(_tenant(tenant_id))

    @require("portal_maint_write")
    @blp.arguments(KeyBody)
    def post(self, body, tenant_id):
        """Add a generated key (shown once)"""
        tenant = _tenant(tenant_id)
        return tenant_keys.add_key(
            tenant, label=body["label"], days=body["keyLifetimeDays"], actor=current_caller().username
        ), 201


@blp.route("/<tenant_id>/keys/custom")
class CustomKeys(MethodView):
    @require("portal_maint_write")
    @blp.arguments(CustomKeyBody)
    def post(self, body, tenant_id):
        """Add a user-supplied key"""
        tenant = _tenant(tenant_id)
        return tenant_keys.add_key(tenant, label=body["label"], days=body["keyLifetimeDays"],
                                   custom=body["apiKey"], actor=current_caller().username), 201  # fmt: skip


@blp.route("/<tenant_id>/keys/<key_id>")
class KeyItem(MethodView):
    @require("portal_maint_write")
    @blp.arguments(KeyPatch)
    def patch(self, body, tenant_id, key_id):
        """Enable/disable or relabel a key"""
        tenant = _tenant(tenant_id)
        return tenant_keys.patch_key(tenant, key_id, enabled=body["enabled"], label=body["label"],
                                     actor=current_caller().username)  # fmt: skip

    @require("portal_maint_write")
    def delete(self, tenant_id, key_id):
        """Revoke a key"""
        return tenant_keys.revoke(_tenant(tenant_id), key_id, actor=current_caller().username)


@blp.route("/<tenant_id>/rotate-key")
class RotateKey(MethodView):
    @require("portal_maint_write")
    def post(self, tenant_id):
        """Replace the primary key (shown once)"""
        return tenant_keys.rotate(_tenant(tenant_id), actor=current_caller().username)
