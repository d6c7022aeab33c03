"""Activity and evaluation dumps for external evaluation agents (tenant-scoped; prompts only for allowed roles)."""

from __future__ import annotations

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint

from ..auth.rbac import require
from ..auth.scope import current_caller, sees_prompts, tenant_filter
from ..services import activity

blp = Blueprint(
    "benchmarks", __name__, url_prefix="/api/prism/admin/benchmarks", description="Activity and evaluation"
)


def _scope():
    caller = current_caller()
    return caller, tenant_filter(caller, request.args.get("tenantId"))


@blp.route("/activity")
class Activity(MethodView):
    @require("any_user")
    def get(self):
        """Recent requests with request, decision, output and cost blocks"""
        caller, tenants = _scope()
        return activity.activity(request.args, tenants, prompts=sees_prompts(caller))


@blp.route("/sessions")
class Sessions(MethodView):
    @require("any_user")
    def get(self):
        """Sessions with totals, newest activity first"""
        return activity.sessions(request.args, _scope()[1])


@blp.route("/sessions/<session_id>")
class SessionItem(MethodView):
    @require("any_user")
    def get(self, session_id):
        """One session with every request in order"""
        caller, tenants = _scope()
        return activity.session(session_id, tenants, prompts=sees_prompts(caller))


@blp.route("/evaluate")
class Evaluate(MethodView):
    @require("any_user")
    def get(self):
        """An evaluation set of successful (auto-routed) requests with suggested checks"""
        caller, tenants = _scope()
        return activity.evaluate(request.args, tenants, prompts=sees_prompts(caller))


@blp.route("/model-comparison")
class ModelComparison(MethodView):
    @require("any_user")
    def get(self):
        """Per model and category: averages of tokens, cost, confidence and routing time"""
        return activity.model_comparison(request.args, _scope()[1])
