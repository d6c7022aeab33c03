"""A/B experiments (admin-api §15): list, CRUD, start/stop and the results analysis."""

from __future__ import annotations

from datetime import UTC

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, post_load

from ..auth.rbac import require
from ..auth.scope import current_caller, ensure_tenant_access, tenant_filter
from ..services import experiments as service
from .schemas import Body

blp = Blueprint(
    "experiments", __name__, url_prefix="/api/prism/admin/experiments", description="A/B experiments"
)


class Variant(Body):
    name = fields.String(required=True)
    model = fields.String(required=True)
    providerId = fields.String(load_default=None, allow_none=True)
    weight = fields.Float(load_default=50)


class _Dates(Body):
    @post_load
    def naive_utc(self, data, **_):
        """Store dates as naive UTC like every other document date."""
        for key in ("startDate", "endDate"):
            value = data.get(key)
            if value is not None and value.tzinfo is not None:
                data[key] = value.astimezone(UTC).replace(tzinfo=None)
        return data


class ExperimentCreate(_Dates):
    name = fields.String(load_default="")
    tenantId = fields.String(load_default="")
    description = fields.String(load_default="")
    variants = fields.List(fields.Nested(Variant), load_default=list)
    targetCategories = fields.List(fields.String(), load_default=list)
    startDate = fields.DateTime(load_default=None, allow_none=True)
    endDate = fields.DateTime(load_default=None, allow_none=True)
    minSampleSize = fields.Integer(load_default=100)


class ExperimentPatch(_Dates):
    name = fields.String()
    description = fields.String()
    variants = fields.List(fields.Nested(Variant))
    targetCategories = fields.List(fields.String())
    startDate = fields.DateTime(allow_none=True)
    endDate = fields.DateTime(allow_none=True)
    minSampleSize = fields.Integer()
    status = fields.String()


def _actor() -> str:
    return current_caller().username


def _owned(experiment_id: str):
    experiment = service.get(experiment_id)
    ensure_tenant_access(current_caller(), str(experiment.tenantId))
    return experiment


@blp.route("/")
class Experiments(MethodView):
    @require("can_read_config")
    def get(self):
        """List experiments newest first (?tenantId&status)"""
        scope = tenant_filter(current_caller(), request.args.get("tenantId") or None)
        return {"experiments": service.list_experiments(scope, request.args.get("status") or None)}

    @require("admin_or_maint")
    @blp.arguments(ExperimentCreate)
    def post(self, body):
        """Create a draft experiment (at least 2 variants)"""
        return service.view(service.create(body, actor=_actor())), 201


@blp.route("/<experiment_id>")
class ExperimentItem(MethodView):
    @require("can_read_config")
    def get(self, experiment_id):
        """One experiment with its metrics"""
        return service.view(_owned(experiment_id))

    @require("admin_or_maint")
    @blp.arguments(ExperimentPatch)
    def patch(self, body, experiment_id):
        """Change name, description, categories, dates, sample size, status (variants only while draft)"""
        _owned(experiment_id)
        return service.view(service.update(experiment_id, body, actor=_actor()))

    @require("admin_or_maint")
    def delete(self, experiment_id):
        """Delete a draft or completed experiment"""
        _owned(experiment_id)
        return service.delete(experiment_id, actor=_actor())


@blp.route("/<experiment_id>/results")
class Results(MethodView):
    @require("can_read_config")
    def get(self, experiment_id):
        """Per-variant statistics, significance and a recommendation"""
        _owned(experiment_id)
        return service.results(experiment_id)


@blp.route("/<experiment_id>/start")
class Start(MethodView):
    @require("admin_or_maint")
    def post(self, experiment_id):
        """Start (activate) the experiment"""
        _owned(experiment_id)
        return service.view(service.start(experiment_id, actor=_actor()))


@blp.route("/<experiment_id>/stop")
class Stop(MethodView):
    @require("admin_or_maint")
    def post(self, experiment_id):
        """Stop (complete) the experiment; subscribers get experiment_completed"""
        _owned(experiment_id)
        return service.view(service.stop(experiment_id, actor=_actor()))
