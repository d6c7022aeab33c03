"""Dashboard and request log: figures from the daily rollups (day ranges) or request logs, tenant-scoped."""

from __future__ import annotations

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from ..auth.rbac import require
from ..auth.scope import current_caller, scope_key, sees_prompts, tenant_filter
from ..auth.secrets import current_box
from ..services import audit, cost_recalc, dashboard, request_log, tenant_admin
from ..services.result_cache import cached
from ..services.time_range import from_args
from .schemas import Body

blp = Blueprint(
    "dashboard", __name__, url_prefix="/api/prism/admin/dashboard", description="Dashboard and request log"
)
TTL = {"summary": 60, "models": 60, "daily": 120, "categories": 60, "users": 60, "top-paths": 60}


class BeforeBody(Body):
    before = fields.String(load_default=None, allow_none=True)


def _scoped(name: str, compute):
    caller = current_caller()
    tr = from_args(request.args)
    tenants = tenant_filter(caller, request.args.get("tenantId"))
    key = f"{name}|{scope_key(caller)}|{request.args.get('tenantId', '')}|{tr.key()}"
    return cached(key, TTL.get(name, 60), lambda: compute(tr, tenants))


@blp.route("/summary")
class Summary(MethodView):
    @require("any_user")
    def get(self):
        """KPI sums of the range"""
        return _scoped("summary", dashboard.summary)


@blp.route("/models")
class Models(MethodView):
    @require("any_user")
    def get(self):
        """Usage and cost per routed model"""
        return _scoped("models", dashboard.models)


@blp.route("/categories")
class Categories(MethodView):
    @require("any_user")
    def get(self):
        """Auto-routed requests per category and tier"""
        return _scoped("categories", dashboard.categories)


@blp.route("/daily")
class Daily(MethodView):
    @require("any_user")
    def get(self):
        """Cost, tokens and active users per day (or per hour for hour/custom ranges)"""
        return _scoped("daily", dashboard.daily)


@blp.route("/users")
class Users(MethodView):
    @require("any_user")
    def get(self):
        """Top 100 users by requests"""
        return _scoped("users", dashboard.users)


@blp.route("/top-paths")
class TopPaths(MethodView):
    @require("any_user")
    def get(self):
        """Top 100 captured file paths"""
        box = current_box()
        return _scoped("top-paths", lambda tr, t: dashboard.top_paths(tr, t, box.open_or_marker))


@blp.route("/requests")
class Requests(MethodView):
    @require("any_user")
    def get(self):
        """The request log: filters, pagination; prompts only for roles allowed to see them"""
        caller = current_caller()
        tenants = tenant_filter(caller, request.args.get("tenantId"))
        return request_log.page(request.args, tenants, prompts=sees_prompts(caller))


@blp.route("/requests/<entry_id>")
class RequestItem(MethodView):
    @require("any_user")
    def get(self, entry_id):
        """One request with its routing signals and (for allowed roles) prompt snapshots"""
        caller = current_caller()
        return request_log.detail(entry_id, tenant_filter(caller, None), prompts=sees_prompts(caller))


@blp.route("/tenants-list")
class TenantsList(MethodView):
    @require("any_user")
    def get(self):
        """Active tenants the caller may filter by"""
        ids = tenant_filter(current_caller(), None)
        return [{"_id": t["_id"], "slug": t["slug"], "name": t["name"]}
                for t in tenant_admin.list_tenants(ids) if t.get("active", True)]  # fmt: skip


@blp.route("/rpm")
class Rpm(MethodView):
    @require("any_user")
    def get(self):
        """Requests in the last 60 seconds"""
        return request_log.rpm()


@blp.route("/config-changes")
class ConfigChanges(MethodView):
    @require("any_user")
    def get(self):
        """Audit trail of configuration changes (who changed it is shown to admins only)"""
        caller = current_caller()
        tr = from_args(request.args)
        tenants = set(caller.tenants) if caller.tenant_scoped else None
        return audit.recent(tr.start, show_user=caller.role == "admin", tenant_ids=tenants)


@blp.route("/resolve-error/<entry_id>")
class ResolveError(MethodView):
    @require("admin_or_maint")
    def post(self, entry_id):
        """Mark one failed request as resolved"""
        return request_log.resolve(entry_id, actor=current_caller().username)


@blp.route("/resolve-errors-before")
class ResolveErrorsBefore(MethodView):
    @require("admin_or_maint")
    @blp.arguments(BeforeBody)
    def post(self, body):
        """Mark every unresolved error up to a time (default now) as resolved"""
        return request_log.resolve_before(body["before"], actor=current_caller().username)


class RecalcBody(Body):
    days = fields.Integer(load_default=30)
    tenantId = fields.String(load_default=None, allow_none=True)


@blp.route("/recalc-costs")
class RecalcCosts(MethodView):
    @require("admin_only")
    @blp.arguments(RecalcBody)
    def post(self, body):
        """Recalculate request costs with current prices and rebuild the affected daily rollups"""
        return cost_recalc.recalc(body["days"], body["tenantId"])


@blp.route("/reclassify-errors")
class ReclassifyErrors(MethodView):
    @require("admin_or_maint")
    def post(self):
        """Re-run the error classifier over stored errors"""
        return cost_recalc.reclassify_errors()


class ReclassifyFimBody(Body):
    days = fields.Integer(load_default=30)
    tenantId = fields.String(load_default=None, allow_none=True)
    mode = fields.String(load_default="unclassified")


@blp.route("/reclassify-fim")
class ReclassifyFim(MethodView):
    @require("admin_or_maint")
    @blp.arguments(ReclassifyFimBody)
    def post(self, body):
        """Re-detect autocomplete (FIM) and tool-agent traffic on stored prompt snapshots"""
        return cost_recalc.reclassify_fim(body["days"], body["tenantId"], body["mode"])
