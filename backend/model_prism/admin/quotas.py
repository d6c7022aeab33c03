"""Quotas: list, per tenant with status, create, patch, delete, reset, tenant defaults."""

from __future__ import annotations

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from ..auth.rbac import require
from ..auth.scope import current_caller
from ..services import quotas as service
from .schemas import Body

blp = Blueprint("quotas", __name__, url_prefix="/api/prism/admin/quotas", description="Usage quotas")


class QuotaBody(Body):
    tenantId = fields.String(load_default="")
    quotaType = fields.String(load_default="")
    limit = fields.Float(load_default=None, allow_none=True)
    enforcement = fields.String(load_default=None, allow_none=True)
    period = fields.String(load_default=None, allow_none=True)


class QuotaPatch(Body):
    limit = fields.Float()
    enforcement = fields.String()
    enabled = fields.Boolean()
    currentUsage = fields.Float()


class DefaultsBody(Body):
    tokensMonthly = fields.Float(load_default=None, allow_none=True)
    requestsDaily = fields.Float(load_default=None, allow_none=True)
    requestsMonthly = fields.Float(load_default=None, allow_none=True)
    costMonthly = fields.Float(load_default=None, allow_none=True)


@blp.route("/")
class Quotas(MethodView):
    @require("can_view_costs")
    def get(self):
        """List quotas (?tenantId&quotaType&enabled)"""
        args = request.args
        return {
            "quotas": service.list_quotas(args.get("tenantId"), args.get("quotaType"), args.get("enabled"))
        }

    @require("admin_or_maint")
    @blp.arguments(QuotaBody)
    def post(self, body):
        """Create a quota for a tenant"""
        return service.view(service.create(body, actor=current_caller().username)), 201


@blp.route("/tenant/<tenant_id>")
class TenantQuotas(MethodView):
    @require("can_view_costs")
    def get(self, tenant_id):
        """A tenant's quotas with pct and status"""
        return {"quotas": service.list_quotas(tenant_id, None, None)}


@blp.route("/tenant/<tenant_id>/defaults")
class TenantDefaults(MethodView):
    @require("admin_or_maint")
    @blp.arguments(DefaultsBody)
    def post(self, body, tenant_id):
        """Create the tenant's missing standard quotas"""
        return {"quotas": service.create_defaults(tenant_id, body, actor=current_caller().username)}, 201


@blp.route("/<quota_id>")
class QuotaItem(MethodView):
    @require("admin_or_maint")
    @blp.arguments(QuotaPatch)
    def patch(self, body, quota_id):
        """Change limit, enforcement, enabled or the current usage"""
        return service.view(service.update(quota_id, body, actor=current_caller().username))

    @require("admin_or_maint")
    def delete(self, quota_id):
        """Delete a quota"""
        service.delete(quota_id, actor=current_caller().username)
        return {"success": True}


@blp.route("/reset")
class Reset(MethodView):
    @require("admin_or_maint")
    def post(self):
        """Reset the usage of every quota"""
        return service.reset_all(actor=current_caller().username)
