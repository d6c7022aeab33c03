"""Webhooks: outbound, HMAC-signed event deliveries with retries and a delivery log."""

from __future__ import annotations

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from ..auth.rbac import require
from ..auth.scope import current_caller
from ..services import webhooks as service
from .schemas import Body

blp = Blueprint("webhooks", __name__, url_prefix="/api/prism/admin/webhooks", description="Webhooks")


class WebhookBody(Body):
    name = fields.String()
    url = fields.String()
    tenantId = fields.String(allow_none=True)
    events = fields.List(fields.String())
    enabled = fields.Boolean()
    headers = fields.Dict()
    secret = fields.String()
    retryPolicy = fields.Dict()


@blp.route("/")
class Webhooks(MethodView):
    @require("can_read_config")
    def get(self):
        """List webhooks (secrets masked)"""
        return {"webhooks": service.list_webhooks(request.args.get("tenantId"), request.args.get("enabled"))}

    @require("admin_or_maint")
    @blp.arguments(WebhookBody)
    def post(self, body):
        """Create a webhook; the only response with the full secret"""
        return service.create(body, actor=current_caller().username), 201


@blp.route("/<hook_id>")
class WebhookItem(MethodView):
    @require("can_read_config")
    def get(self, hook_id):
        """Read a webhook (secret masked)"""
        return service.view(service.get(hook_id))

    @require("admin_or_maint")
    @blp.arguments(WebhookBody)
    def patch(self, body, hook_id):
        """Change name, url, events, enabled or headers"""
        return service.update(hook_id, body, actor=current_caller().username)

    @require("admin_or_maint")
    def delete(self, hook_id):
        """Delete a webhook and its delivery log"""
        service.delete(hook_id, actor=current_caller().username)
        return {"success": True}


@blp.route("/<hook_id>/test")
class TestDelivery(MethodView):
    @require("admin_or_maint")
    def post(self, hook_id):
        """Send a signed test event now"""
        return service.send_test(hook_id)


@blp.route("/<hook_id>/rotate-secret")
class RotateSecret(MethodView):
    @require("admin_or_maint")
    def post(self, hook_id):
        """Replace the signing secret (shown once)"""
        return service.rotate_secret(hook_id, actor=current_caller().username)


@blp.route("/<hook_id>/logs")
class Logs(MethodView):
    @require("can_read_config")
    def get(self, hook_id):
        """Delivery attempts, newest first (?limit=50)"""
        try:
            limit = int(request.args.get("limit") or 50)
        except ValueError:
            limit = 50
        return {"logs": service.logs(hook_id, limit)}
