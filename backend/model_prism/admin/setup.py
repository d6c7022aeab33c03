"""Setup wizard endpoints: status, first admin, development defaults, completion."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_jwt_extended import get_jwt
from flask_smorest import Blueprint
from marshmallow import fields

from ..auth.rbac import public, require
from ..errors import NotFound
from ..services import setup as setup_service
from .schemas import Body

blp = Blueprint("setup", __name__, url_prefix="/api/prism/setup", description="First-run setup wizard")


class AdminBody(Body):
    username = fields.String(load_default="")
    password = fields.String(load_default="")


@blp.route("/status")
class Status(MethodView):
    @public
    @blp.doc(security=[])
    def get(self):
        """Whether the first-run setup is complete"""
        return {"setupComplete": setup_service.is_complete()}


@blp.route("/admin")
class FirstAdmin(MethodView):
    @public
    @blp.arguments(AdminBody)
    @blp.doc(security=[])
    def post(self, body):
        """Create the first admin (only before setup completes)"""
        setup_service.create_first_admin(body["username"], body["password"])
        return {"success": True, "message": "Admin account created"}


@blp.route("/dev-defaults")
class DevDefaults(MethodView):
    @public
    @blp.doc(security=[])
    def get(self):
        """Development defaults for the wizard (404 in production)"""
        config = current_app.extensions["model_prism"].config
        if config.production:
            raise NotFound("Not found")
        return setup_service.dev_defaults(config)


@blp.route("/complete")
class Complete(MethodView):
    @require("admin_only")
    def post(self):
        """Mark the setup as complete (admin JWT required)"""
        setup_service.complete(get_jwt().get("username", ""))
        return {"success": True, "message": "Setup completed"}
