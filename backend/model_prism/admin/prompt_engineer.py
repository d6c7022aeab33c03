"""Prompt Analyses: settings, preview, background analysis, progress, results and the public list."""

from __future__ import annotations

from flask import current_app, jsonify, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from ..auth.rbac import public, require
from ..auth.scope import current_caller
from ..services import prompt_analysis as service
from .schemas import Body

blp = Blueprint("prompt_engineer", __name__, url_prefix="/api/prism/admin/prompt-engineer",
                description="Prompt Analyses")  # fmt: skip
public_blp = Blueprint("prompt_engineer_public", __name__, url_prefix="/api/prism/prompt-engineer",
                       description="Prompt Analyses (public list)")  # fmt: skip


class PromptSettingsBody(Body):
    enabled = fields.Boolean()
    publicEndpoint = fields.Boolean()
    providerId = fields.String(allow_none=True)
    apiBase = fields.String()
    apiKey = fields.String()
    model = fields.String()
    maxPrompts = fields.Integer()
    maxPublicResults = fields.Integer()
    minPromptLength = fields.Integer()
    ignoredCategories = fields.List(fields.String())
    autoAnalyze = fields.Boolean()
    autoAnalyzeHour = fields.Integer()


class AnalyzeBody(Body):
    reset = fields.Boolean(load_default=False)


def _flag(name: str) -> bool:
    return str(request.args.get(name, "")).lower() in ("1", "true", "yes")


def _int(name: str, default: int) -> int:
    try:
        return max(1, int(request.args.get(name) or default))
    except ValueError:
        return default


@blp.route("/settings")
class Settings(MethodView):
    @require("can_read_config")
    def get(self):
        """Settings (the API key masked)"""
        return service.settings()

    @require("admin_only")
    @blp.arguments(PromptSettingsBody)
    def put(self, body):
        """Change the settings"""
        return service.save_settings(body, actor=current_caller().username)


@blp.route("/preview")
class Preview(MethodView):
    @require("can_read_config")
    def get(self):
        """How many prompts the next run would analyse, with token estimates"""
        return service.preview(_flag("reset"))


@blp.route("/analyze")
class Analyze(MethodView):
    @require("admin_or_maint")
    @blp.arguments(AnalyzeBody)
    def post(self, body):
        """Start the analysis in the background"""
        return service.start(body["reset"], current_app.extensions["model_prism"].gateway.transport)


@blp.route("/progress")
class Progress(MethodView):
    @require("can_read_config")
    def get(self):
        """Progress of the running analysis"""
        return service.PROGRESS.view()


@blp.route("/results")
class Results(MethodView):
    @require("can_read_config")
    def get(self):
        """Stored results, worst first, one page at a time (null before the first run)"""
        return jsonify(service.results_page(_int("page", 1), _int("limit", 50)))


@blp.route("/public")
class PublicResults(MethodView):
    @public
    @blp.doc(security=[])
    def get(self):
        """The weakest prompts without request ids or tenants (only when the public list is enabled)"""
        return service.public_results()


@public_blp.route("/public")
class PublicAlias(MethodView):
    @public
    @public_blp.doc(security=[])
    def get(self):
        """Public alias outside the admin prefix (reachable before and without a login)"""
        return service.public_results()
