"""Routing rule sets and Test Route (the production pipeline in dry-run mode)."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from ..auth.rbac import require
from ..auth.scope import current_caller, tenant_filter
from ..services import rule_set_benchmark, suite_llm, synthetic_tests, test_route
from ..services import rulesets as service
from .schemas import Body

blp = Blueprint("routing", __name__, url_prefix="/api/prism/admin/routing", description="Routing rule sets")


class RuleSetBody(Body):
    name = fields.String()
    description = fields.String()
    isGlobalDefault = fields.Boolean()
    tenantId = fields.String(allow_none=True)
    tokenThresholds = fields.Dict()
    signalWeights = fields.Dict()
    turnUpgrade = fields.Dict()
    keywordRules = fields.List(fields.Dict())
    systemPromptRoles = fields.List(fields.Dict())
    classifier = fields.Dict()
    costMode = fields.String()
    tierBoost = fields.Integer()


@blp.route("/rule-sets")
class RuleSets(MethodView):
    @require("can_view_costs")
    def get(self):
        """List rule sets, the global default first"""
        return service.list_rule_sets()

    @require("admin_or_maint")
    @blp.arguments(RuleSetBody)
    def post(self, body):
        """Create a rule set (claiming the global default clears it elsewhere)"""
        return service.view(service.create(body, actor=current_caller().username)), 201


@blp.route("/rule-sets/<rule_set_id>")
class RuleSetItem(MethodView):
    @require("can_view_costs")
    def get(self, rule_set_id):
        """Read a rule set"""
        return service.view(service.get(rule_set_id))

    @require("admin_or_maint")
    @blp.arguments(RuleSetBody)
    def put(self, body, rule_set_id):
        """Replace a rule set (costMode defaults to balanced, tierBoost clamped to -2..2; audited)"""
        return service.view(service.update(rule_set_id, body, actor=current_caller().username))

    @require("admin_or_maint")
    def delete(self, rule_set_id):
        """Delete a rule set (not the protected default)"""
        return service.delete(rule_set_id, actor=current_caller().username)


@blp.route("/rule-sets/<rule_set_id>/set-default")
class SetDefault(MethodView):
    @require("admin_or_maint")
    def post(self, rule_set_id):
        """Make this rule set the only global default"""
        return service.view(service.set_default(rule_set_id, actor=current_caller().username))


@blp.route("/rule-sets/seed-defaults")
class SeedDefaults(MethodView):
    @require("admin_or_maint")
    def post(self):
        """Create the default rule set when no global default exists"""
        created, rule_set = service.seed_defaults(actor=current_caller().username)
        return {"created": created, "ruleSet": service.view(rule_set)}, 201 if created else 200


@blp.route("/rule-sets/seed-presets")
class SeedPresets(MethodView):
    @require("admin_or_maint")
    def post(self):
        """Create the optional 'Economy First' and 'Balanced' rule sets if missing"""
        return service.seed_presets(actor=current_caller().username)


class TestRouteBody(Body):
    prompt = fields.String(load_default="")
    systemPrompt = fields.String(load_default=None, allow_none=True)
    tenantId = fields.String(load_default="")
    useClassifier = fields.Boolean(load_default=False)
    requestedModel = fields.String(load_default=None, allow_none=True)
    images = fields.List(fields.String(), load_default=None, allow_none=True)


@blp.route("/test-route")
class TestRoute(MethodView):
    @require("admin_or_maint")
    @blp.arguments(TestRouteBody)
    def post(self, body):
        """Dry-run the routing pipeline for a prompt as the tenant would be routed (trace + summary)"""
        from flask import current_app

        return test_route.run(
            current_app.extensions["model_prism"], tenant_id=body["tenantId"], prompt=body["prompt"],
            system_prompt=body["systemPrompt"], use_classifier=body["useClassifier"],
            requested_model=body["requestedModel"], images=body["images"],
        )  # fmt: skip


class EvalBody(Body):
    tenantId = fields.String(load_default=None, allow_none=True)
    jsonl = fields.String(load_default=None, allow_none=True)
    useClassifier = fields.Boolean(load_default=False)


@blp.route("/eval")
class RoutingEval(MethodView):
    @require("can_view_costs")
    @blp.arguments(EvalBody)
    def post(self, body):
        """Routing quality on a labelled set (routing-eval JSONL; the shipped starter set when empty)"""
        from flask import current_app

        return test_route.evaluate_set(
            current_app.extensions["model_prism"], tenant_id=body["tenantId"], jsonl=body["jsonl"],
            use_classifier=body["useClassifier"],
        )  # fmt: skip


class SuiteBody(Body):
    name = fields.String(load_default="")
    description = fields.String(load_default="")
    category = fields.String(load_default="")
    testCases = fields.List(fields.Dict(), load_default=list)


class RunBody(Body):
    tenantId = fields.String(load_default="")
    useClassifier = fields.Boolean(load_default=False)


@blp.route("/test-suites")
class TestSuites(MethodView):
    @require("can_view_costs")
    def get(self):
        """Synthetic test suites, newest update first"""
        return synthetic_tests.list_suites()

    @require("admin_or_maint")
    @blp.arguments(SuiteBody)
    def post(self, body):
        """Create a test suite"""
        return synthetic_tests.view(synthetic_tests.save(body)), 201


@blp.route("/test-suites/<suite_id>")
class TestSuiteItem(MethodView):
    @require("can_view_costs")
    def get(self, suite_id):
        """One test suite"""
        return synthetic_tests.view(synthetic_tests.get(suite_id))

    @require("admin_or_maint")
    @blp.arguments(SuiteBody)
    def put(self, body, suite_id):
        """Replace a test suite"""
        return synthetic_tests.view(synthetic_tests.save(body, suite_id))

    @require("admin_or_maint")
    def delete(self, suite_id):
        """Delete a test suite and its runs"""
        return synthetic_tests.delete(suite_id)


@blp.route("/test-suites/<suite_id>/run")
class TestSuiteRun(MethodView):
    @require("admin_or_maint")
    @blp.arguments(RunBody)
    def post(self, body, suite_id):
        """Route every case through the production router (dry run) and store the run"""
        from flask import current_app

        return synthetic_tests.run(
            current_app.extensions["model_prism"], suite_id, body["tenantId"], body["useClassifier"]
        )


@blp.route("/test-suites/<suite_id>/runs")
class TestSuiteRuns(MethodView):
    @require("can_view_costs")
    def get(self, suite_id):
        """The last 20 runs, newest first"""
        return synthetic_tests.runs(suite_id)


class SuiteGenerateBody(Body):
    tenantId = fields.String(load_default="")
    count = fields.Integer(load_default=10)
    category = fields.String(load_default=None, allow_none=True)
    providerId = fields.String(load_default=None, allow_none=True)
    modelId = fields.String(load_default=None, allow_none=True)


class RunEvaluateBody(Body):
    tenantId = fields.String(load_default="")
    providerId = fields.String(load_default=None, allow_none=True)
    modelId = fields.String(load_default=None, allow_none=True)


def _transport():
    from flask import current_app

    return current_app.extensions["model_prism"].gateway.transport


@blp.route("/test-suites/<suite_id>/generate")
class TestSuiteGenerate(MethodView):
    @require("admin_or_maint")
    @blp.arguments(SuiteGenerateBody)
    def post(self, body, suite_id):
        """Let an LLM write test cases for the suite (appended)"""
        return suite_llm.generate(suite_id, body, _transport())


@blp.route("/test-runs/<run_id>/evaluate")
class TestRunEvaluate(MethodView):
    @require("admin_or_maint")
    @blp.arguments(RunEvaluateBody)
    def post(self, body, run_id):
        """Let an LLM evaluate a run and suggest quality and cost improvements"""
        return suite_llm.evaluate(run_id, body, _transport())


class BenchmarkBody(Body):
    ruleSetId = fields.String(load_default="")
    days = fields.Integer(load_default=30)
    tenantId = fields.String(load_default=None, allow_none=True)
    simulateTenantId = fields.String(load_default=None, allow_none=True)
    limit = fields.Integer(load_default=500)


@blp.route("/benchmark")
class Benchmark(MethodView):
    @require("can_view_costs")
    @blp.arguments(BenchmarkBody)
    def post(self, body):
        """Replay logged auto-routed requests through a rule set (no LLM call) and compare tiers and cost"""
        return rule_set_benchmark.simulate(body, tenant_filter(current_caller(), None))
