"""Tenants: CRUD, the default tenant's providers, and the API key lifecycle."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from ..auth.rbac import require
from ..auth.scope import current_caller
from ..errors import NotFound
from ..models import Tenant
from ..services import internal_gateway, tenant_admin, tenant_keys
from ..services import tenants as tenant_service
from .schemas import Body

blp = Blueprint(
    "tenants", __name__, url_prefix="/api/prism/admin/tenants", description="Tenants and their keys"
)


class TenantFields(Body):
    name = fields.String()
    providerIds = fields.List(fields.String())
    modelConfig = fields.Dict()
    routing = fields.Dict(allow_none=True)
    pricing = fields.Dict()
    rateLimit = fields.Dict()
    active = fields.Boolean()
    keyEnabled = fields.Boolean()
    keyLifetimeDays = fields.Integer()
    budgetLimits = fields.Dict()
    budgetGuard = fields.Dict()
    stripThinking = fields.Boolean()
    printRoutedModel = fields.Boolean()
    defaultSystemPrompt = fields.String()
    fallbackChains = fields.List(fields.Dict())
    modelFallbacks = fields.List(fields.Dict())
    promptLogging = fields.Boolean()
    promptLogLevel = fields.String()


class TenantCreate(TenantFields):
    slug = fields.String(load_default="")
    name = fields.String(load_default="")


class KeyBody(Body):
    label = fields.String(load_default="")
    keyLifetimeDays = fields.Integer(load_default=None, allow_none=True)


class CustomKeyBody(KeyBody):
    apiKey = fields.String(load_default="")


class KeyPatch(Body):
    enabled = fields.Boolean(load_default=None, allow_none=True)
    label = fields.String(load_default=None, allow_none=True)


@blp.route("/")
class Tenants(MethodView):
    @require("can_read_config")
    def get(self):
        """List tenants (no keys; internal tenants hidden)"""
        return tenant_admin.list_tenants()

    @require("admin_or_maint")
    @blp.arguments(TenantCreate)
    def post(self, body):
        """Create a tenant; the response carries its API key once"""
        slug, name = body.pop("slug"), body.pop("name")
        lifetime = body.pop("keyLifetimeDays", 0) or 0
        extra = {k: tenant_admin.clean(k, v) for k, v in body.items() if k in tenant_admin.WRITABLE}
        extra.pop("providerIds", None)
        tenant, key = tenant_service.create_tenant(
            slug=slug, name=name, provider_ids=body.get("providerIds"), routing=body.get("routing"),
            key_lifetime_days=lifetime, actor=current_caller().username,
            **{k: v for k, v in extra.items() if k != "routing"},
        )  # fmt: skip
        return {**tenant_service.public_view(tenant), "apiKey": key}, 201


@blp.route("/<tenant_id>")
class TenantItem(MethodView):
    @require("can_read_config")
    def get(self, tenant_id):
        """Read one tenant (no keys)"""
        return tenant_service.public_view(tenant_admin.get(tenant_id))

    @require("admin_or_maint")
    @blp.arguments(TenantFields)
    def put(self, body, tenant_id):
        """Update any writable field (top-level replacement per field; audited)"""
        tenant = tenant_admin.update(tenant_id, body, actor=current_caller().username)
        return tenant_service.public_view(tenant)

    @require("admin_only")
    def delete(self, tenant_id):
        """Delete a tenant and cascade to its logs, rollups, quotas and rule sets"""
        return tenant_admin.delete(tenant_id, actor=current_caller().username)


@blp.route("/default/add-provider")
class DefaultAddProvider(MethodView):
    @require("admin_or_maint")
    @blp.arguments(type("AddProviderBody", (Body,), {"providerId": fields.String(required=True)}))
    def post(self, body):
        """Attach a provider to the default tenant"""
        tenant = Tenant.objects(isDefault=True).first()
        if tenant is None:
            raise NotFound("No default tenant")
        tenant_service._object_ids([body["providerId"]])
        added = tenant_service.add_provider(tenant, body["providerId"])
        return {"added": added, "tenantId": str(tenant.id), "tenantSlug": tenant.slug}


@blp.route("/<tenant_id>/rotate-key")
class RotateKey(MethodView):
    @require("admin_or_maint")
    def post(self, tenant_id):
        """Replace the primary key (shown once); the old key stops working at once"""
        return tenant_keys.rotate(tenant_admin.get(tenant_id), actor=current_caller().username)


@blp.route("/<tenant_id>/set-key")
class SetKey(MethodView):
    @require("admin_or_maint")
    @blp.arguments(CustomKeyBody)
    def post(self, body, tenant_id):
        """Set a custom primary key (min 16 chars)"""
        tenant = tenant_admin.get(tenant_id)
        return tenant_keys.set_custom(
            tenant, body["apiKey"], body["keyLifetimeDays"], actor=current_caller().username
        )


@blp.route("/<tenant_id>/keys")
class Keys(MethodView):
    @require("can_read_config")
    def get(self, tenant_id):
        """List the primary key ('legacy') and the additional keys (prefixes only)"""
        return tenant_keys.list_keys(tenant_admin.get(tenant_id))

    @require("admin_or_maint")
    @blp.arguments(KeyBody)
    def post(self, body, tenant_id):
        """Add a generated key with a label (shown once)"""
        tenant = tenant_admin.get(tenant_id)
        return tenant_keys.add_key(
            tenant, label=body["label"], days=body["keyLifetimeDays"], actor=current_caller().username
        ), 201


@blp.route("/<tenant_id>/keys/custom")
class CustomKeys(MethodView):
    @require("admin_or_maint")
    @blp.arguments(CustomKeyBody)
    def post(self, body, tenant_id):
        """Add a user-supplied key"""
        tenant = tenant_admin.get(tenant_id)
        return tenant_keys.add_key(
            tenant, label=body["label"], days=body["keyLifetimeDays"], custom=body["apiKey"],
            actor=current_caller().username,
        ), 201  # fmt: skip


@blp.route("/<tenant_id>/keys/<key_id>")
class KeyItem(MethodView):
    @require("admin_or_maint")
    @blp.arguments(KeyPatch)
    def patch(self, body, tenant_id, key_id):
        """Enable/disable or relabel a key"""
        tenant = tenant_admin.get(tenant_id)
        return tenant_keys.patch_key(
            tenant, key_id, enabled=body["enabled"], label=body["label"], actor=current_caller().username
        )

    @require("admin_or_maint")
    def delete(self, tenant_id, key_id):
        """Revoke an additional key"""
        return tenant_keys.revoke(tenant_admin.get(tenant_id), key_id, actor=current_caller().username)


@blp.route("/<tenant_id>/keys/<key_id>/reveal")
class RevealKey(MethodView):
    @require("admin_or_maint")
    def get(self, tenant_id, key_id):
        """Show a key's plaintext ('legacy' = primary); audited"""
        return tenant_keys.reveal(tenant_admin.get(tenant_id), key_id, actor=current_caller().username)


class TestRequestBody(Body):
    model = fields.String(load_default="auto-prism")
    messages = fields.List(fields.Dict(), load_default=list)
    systemPrompt = fields.String(load_default=None, allow_none=True)


@blp.route("/<tenant_id>/test-request")
class TestRequest(MethodView):
    @require("admin_or_maint")
    @blp.arguments(TestRequestBody)
    def post(self, body, tenant_id):
        """Send a test chat through the real gateway pipeline as the tenant (logged like client traffic)"""
        from flask import current_app

        return internal_gateway.try_request(
            current_app._get_current_object(), tenant_admin.get(tenant_id), model=body["model"],
            messages=body["messages"], system_prompt=body["systemPrompt"], actor=current_caller().username,
        )  # fmt: skip
