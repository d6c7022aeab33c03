"""Synthetic Tests AI and the rule-set benchmark (routing.md §16–§17): background generation, runs with live
progress and cancellation, AI evaluation with linked findings, run comparison, routing-eval export."""

from __future__ import annotations

from flask import Response, current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from ..auth.rbac import require
from ..auth.scope import current_caller, tenant_filter
from ..services import synthetic, synthetic_bench, synthetic_eval, synthetic_runs
from .schemas import Body

blp = Blueprint(
    "synthetic", __name__, url_prefix="/api/prism/admin", description="Synthetic tests and benchmark"
)


def _state():
    return current_app.extensions["model_prism"]


def _actor() -> str:
    return current_caller().username


class SyntheticModelRef(Body):
    tenantId = fields.String(load_default=None, allow_none=True)
    providerId = fields.String(load_default=None, allow_none=True)
    modelId = fields.String(load_default=None, allow_none=True)


class SyntheticGenerateBody(SyntheticModelRef):
    categories = fields.List(fields.String(), load_default=list)
    countPerCategory = fields.Integer(load_default=5)
    languages = fields.List(fields.String(), load_default=lambda: ["en"])


class SyntheticCasesBody(Body):
    testCases = fields.List(fields.Dict(), load_default=list)
    jsonl = fields.String(load_default=None, allow_none=True)


class SyntheticRunBody(Body):
    tenantId = fields.String(load_default="")
    useClassifier = fields.Boolean(load_default=False)
    label = fields.String(load_default="")


class RuleSetBenchmarkBody(Body):
    ruleSetId = fields.String(load_default=None, allow_none=True)
    ruleSet = fields.Dict(load_default=None, allow_none=True)
    source = fields.String(load_default="logs")
    days = fields.Integer(load_default=30)
    limit = fields.Integer(load_default=500)
    tenantId = fields.String(load_default=None, allow_none=True)
    simulateTenantId = fields.String(load_default=None, allow_none=True)
    suiteId = fields.String(load_default=None, allow_none=True)


@blp.route("/synthetic/benchmark")
class Benchmark(MethodView):
    @require("can_view_costs")
    @blp.arguments(RuleSetBenchmarkBody)
    def post(self, body):
        """Benchmark a candidate rule set on a suite (real dry-run pipeline) or on logged requests (§17)"""
        return synthetic_bench.run(_state(), body, tenant_filter(current_caller(), None))


@blp.route("/synthetic/jobs")
class Jobs(MethodView):
    @require("can_view_costs")
    def get(self):
        """Background work still going: runs, generations and evaluations of every admin"""
        return synthetic.active_jobs()


@blp.route("/synthetic/suites/<suite_id>")
class Suite(MethodView):
    @require("can_view_costs")
    def get(self, suite_id):
        """One suite with its last generation job"""
        return synthetic.suite_view(suite_id)


@blp.route("/synthetic/suites/<suite_id>/generate")
class Generate(MethodView):
    @require("admin_or_maint")
    @blp.arguments(SyntheticGenerateBody)
    def post(self, body, suite_id):
        """Start generating cases per category and language with any provider's model (background)"""
        transport = _state().gateway.transport
        return synthetic.start_generation(suite_id, body, actor=_actor(), transport=transport), 202


@blp.route("/synthetic/suites/<suite_id>/generate/cancel")
class CancelGenerate(MethodView):
    @require("admin_or_maint")
    def post(self, suite_id):
        """Stop the running generation after the current category"""
        return synthetic.cancel_generation(suite_id)


@blp.route("/synthetic/suites/<suite_id>/cases")
class Cases(MethodView):
    @require("admin_or_maint")
    @blp.arguments(SyntheticCasesBody)
    def post(self, body, suite_id):
        """Append hand-written cases or routing-eval JSONL lines"""
        return synthetic.add_cases(suite_id, body), 201


@blp.route("/synthetic/suites/<suite_id>/export")
class Export(MethodView):
    @require("can_view_costs")
    def get(self, suite_id):
        """Download the suite as routing-eval JSONL"""
        name, text = synthetic.export_jsonl(suite_id)
        return Response(text, 200, mimetype="application/x-ndjson",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


@blp.route("/synthetic/suites/<suite_id>/runs")
class SuiteRuns(MethodView):
    @require("admin_or_maint")
    @blp.arguments(SyntheticRunBody)
    def post(self, body, suite_id):
        """Start a dry run of every case through the production router (background)"""
        return synthetic_runs.start(_state(), suite_id, body, actor=_actor()), 202


@blp.route("/synthetic/runs")
class Runs(MethodView):
    @require("can_view_costs")
    def get(self):
        """Runs without results, newest first (?suiteId=…, ?active=1 for running ones)"""
        active = request.args.get("active", "").lower() in ("1", "true")
        return synthetic_runs.list_runs(request.args.get("suiteId") or None, active)


@blp.route("/synthetic/runs/<run_id>")
class RunItem(MethodView):
    @require("can_view_costs")
    def get(self, run_id):
        """One run with status, progress, results so far, summary and evaluation (?results=0 to poll)"""
        with_results = request.args.get("results", "1") not in ("0", "false")
        return synthetic_runs.view(synthetic_runs.get(run_id), results=with_results)

    @require("admin_or_maint")
    def delete(self, run_id):
        """Delete a finished run"""
        return synthetic_runs.delete(run_id)


@blp.route("/synthetic/runs/<run_id>/cancel")
class CancelRun(MethodView):
    @require("admin_or_maint")
    def post(self, run_id):
        """Stop a running run after the current case (results so far are kept)"""
        return synthetic_runs.cancel(run_id)


@blp.route("/synthetic/runs/<run_id>/evaluate")
class Evaluate(MethodView):
    @require("admin_or_maint")
    @blp.arguments(SyntheticModelRef)
    def post(self, body, run_id):
        """Start the AI evaluation of a run (background; findings link to rules, categories, overrides)"""
        transport = _state().gateway.transport
        return synthetic_eval.start(run_id, body, actor=_actor(), transport=transport), 202


@blp.route("/synthetic/compare")
class Compare(MethodView):
    @require("can_view_costs")
    def get(self):
        """Runs of one suite side by side (?runIds=a,b[,…])"""
        ids = [x for x in request.args.get("runIds", "").split(",") if x]
        return synthetic_runs.compare_runs(ids)
