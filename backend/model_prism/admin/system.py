"""System: password re-check, settings export/import, overview, pods, log configuration, maintenance."""

from __future__ import annotations

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from ..auth.rbac import require
from ..auth.scope import current_caller
from ..errors import Unauthorized, ValidationFailed
from ..services import log_config, retention, settings_io, system, users
from .schemas import Body

blp = Blueprint("system", __name__, url_prefix="/api/prism/admin/system", description="System settings")


class PasswordBody(Body):
    password = fields.String(load_default="")


class LogConfigBody(Body):
    logLevel = fields.String()
    promptLogging = fields.Boolean()
    promptLogLevel = fields.String()
    routingDecisionLogging = fields.Boolean()
    trackUsersByIp = fields.Boolean()
    pathCapture = fields.Dict()
    promptRetentionEnabled = fields.Boolean()
    promptRetentionHours = fields.Integer()
    fileLogging = fields.Dict()


class ShrinkBody(Body):
    olderThanHours = fields.Float(load_default=24)


@blp.route("/verify-password")
class VerifyPassword(MethodView):
    @require("admin_only")
    @blp.arguments(PasswordBody)
    def post(self, body):
        """Re-check the admin's own password (before an export)"""
        if not body["password"]:
            raise ValidationFailed("Password required")
        if not users.verify_own_password(current_caller().user_id, body["password"]):
            raise Unauthorized("Invalid password")
        return {"verified": True}


@blp.route("/export-settings")
class ExportSettings(MethodView):
    @require("admin_only")
    def get(self):
        """Download every setting as JSON (secrets stay sealed, no password hashes)"""
        filename, text = settings_io.export()
        return Response(text, 200, mimetype="application/json",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})  # fmt: skip


@blp.route("/import-settings")
class ImportSettings(MethodView):
    @require("admin_only")
    def post(self):
        """Import a settings export (needs the same ENCRYPTION_KEY for its secrets)"""
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            raise ValidationFailed("Invalid export file — missing or wrong _meta.type")
        return settings_io.import_settings(data, actor=current_caller().username)


@blp.route("/overview")
class Overview(MethodView):
    @require("can_view_costs")
    def get(self):
        """Pods, counters, provider stats and traffic of the last hour"""
        return system.overview()


@blp.route("/pods")
class Pods(MethodView):
    @require("can_view_costs")
    def get(self):
        """Process heartbeats"""
        return system.pods()


@blp.route("/pods/<pod_id>")
class PodItem(MethodView):
    @require("admin_or_maint")
    def delete(self, pod_id):
        """Evict a pod record (it comes back with its next heartbeat if alive)"""
        return system.evict_pod(pod_id)


@blp.route("/log-config")
class LogConfig(MethodView):
    @require("can_view_costs")
    def get(self):
        """Logging settings"""
        return log_config.current()

    @require("admin_only")
    @blp.arguments(LogConfigBody)
    def put(self, body):
        """Change logging settings; the log level applies at once, without a restart"""
        return log_config.update(body, actor=current_caller().username)


@blp.route("/circuit-breaker")
class CircuitBreaker(MethodView):
    @require("can_view_costs")
    def get(self):
        """Circuit-breaker states of this process's providers"""
        from flask import current_app

        breaker = current_app.extensions["model_prism"].gateway.breaker
        return system.circuit_states(breaker.snapshot())


@blp.route("/shrink-logs")
class ShrinkLogs(MethodView):
    @require("admin_only")
    @blp.arguments(ShrinkBody)
    def post(self, body):
        """Strip prompt/response snapshots and paths from older request logs"""
        return retention.strip_snapshots(body["olderThanHours"])


@blp.route("/cleanup-legacy")
class CleanupLegacy(MethodView):
    @require("admin_only")
    def post(self):
        """Remove dangling provider references and data of deleted tenants"""
        return retention.cleanup_legacy()
