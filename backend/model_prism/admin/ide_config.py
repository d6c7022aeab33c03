"""IDE config generator: admin endpoints (any role, own tenants) and the public page (when enabled)."""

from __future__ import annotations

from flask import Response, current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from ..auth.rbac import public, require
from ..auth.scope import current_caller, ensure_tenant_access
from ..services import ide_config, system_config
from .schemas import Body

blp = Blueprint(
    "ide_config", __name__, url_prefix="/api/prism/ide-config", description="IDE config generator"
)
public_blp = Blueprint(
    "public_ide_config",
    __name__,
    url_prefix="/api/prism/public/ide-config",
    description="Public IDE config page",
)


class GenerateBody(Body):
    format = fields.String(load_default="")
    models = fields.List(fields.String(), load_default=list)
    apiKey = fields.String(load_default=None, allow_none=True)
    tenant = fields.String(load_default=None, allow_none=True)


class SettingsBody(Body):
    publicEnabled = fields.Boolean(load_default=None, allow_none=True)
    publicTenantIds = fields.List(fields.String(), load_default=None, allow_none=True)


def _snapshot():
    return current_app.extensions["model_prism"].gateway.holder.current()


def _root() -> str:
    return request.host_url.rstrip("/")


def _own_tenant(ref: str | None):
    tenant = ide_config.resolve(_snapshot(), ref)
    ensure_tenant_access(current_caller(), tenant.id)
    return tenant


def _generated(body: dict, tenant) -> Response:
    mimetype, text = ide_config.generate(
        _snapshot(), tenant, body["format"], body["models"], body["apiKey"], _root()
    )
    return Response(text, 200, mimetype=mimetype)


@blp.route("/tenants")
class Tenants(MethodView):
    @require("any_user")
    def get(self):
        """Tenants the caller may generate configs for"""
        caller = current_caller()
        return ide_config.visible_tenants(_snapshot(), list(caller.tenants) if caller.tenant_scoped else None)


@blp.route("/settings")
class Settings(MethodView):
    @require("any_user")
    def get(self):
        """Public page settings"""
        return system_config.ide_settings()

    @require("admin_only")
    @blp.arguments(SettingsBody)
    def put(self, body):
        """Enable the public page and choose its tenants"""
        return system_config.save_ide_settings(body, actor=current_caller().username)


@blp.route("/models")
class Models(MethodView):
    @require("any_user")
    def get(self):
        """The tenant's model catalogue with tier advice (?tenant=<id or slug>)"""
        return ide_config.models(_snapshot(), _own_tenant(request.args.get("tenant")))


@blp.route("/generate")
class Generate(MethodView):
    @require("any_user")
    @blp.arguments(GenerateBody)
    def post(self, body):
        """Continue YAML, OpenCode JSON or an Open WebUI connection"""
        return _generated(body, _own_tenant(body["tenant"]))


@public_blp.route("/tenants")
class PublicTenants(MethodView):
    @public
    @public_blp.doc(security=[])
    def get(self):
        """Tenants enabled for the public page ([] when it is off)"""
        return ide_config.public_tenants(_snapshot())


@public_blp.route("/models")
class PublicModels(MethodView):
    @public
    @public_blp.doc(security=[])
    def get(self):
        """Model catalogue of an enabled tenant"""
        return ide_config.models(
            _snapshot(), ide_config.public_tenant(_snapshot(), request.args.get("tenant"))
        )


@public_blp.route("/generate")
class PublicGenerate(MethodView):
    @public
    @public_blp.arguments(GenerateBody)
    @public_blp.doc(security=[])
    def post(self, body):
        """Generate a config for an enabled tenant"""
        return _generated(body, ide_config.public_tenant(_snapshot(), body["tenant"]))
