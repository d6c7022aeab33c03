"""LDAP / Active Directory settings (admin only): read masked, update, test the service bind."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from ..auth.rbac import require
from ..auth.scope import current_caller
from ..services import ldap_config
from .schemas import Body

blp = Blueprint("ldap", __name__, url_prefix="/api/prism/admin/ldap", description="LDAP login settings")


class LdapBody(Body):
    enabled = fields.Boolean()
    url = fields.String()
    bindDn = fields.String()
    bindPassword = fields.String()
    searchBase = fields.String()
    searchFilter = fields.String()
    defaultRole = fields.String()
    groupMapping = fields.List(fields.Dict())
    tlsInsecure = fields.Boolean()
    timeoutSeconds = fields.Float(validate=lambda v: 0.1 <= v <= 60)


class LdapTestBody(Body):
    url = fields.String(load_default=None)
    bindDn = fields.String(load_default=None)
    bindPassword = fields.String(load_default=None)
    tlsInsecure = fields.Boolean(load_default=None)
    timeoutSeconds = fields.Float(load_default=None)


@blp.route("/")
class Ldap(MethodView):
    @require("admin_only")
    def get(self):
        """The LDAP settings, bind password masked"""
        return ldap_config.masked_view()

    @require("admin_only")
    @blp.arguments(LdapBody)
    def put(self, body):
        """Update the LDAP settings (the password only when a new value is sent)"""
        return ldap_config.update(body, actor=current_caller().username)


@blp.route("/test")
class LdapTest(MethodView):
    @require("admin_only")
    @blp.arguments(LdapTestBody)
    def post(self, body):
        """Try a service bind with the given (or stored) settings"""
        result = ldap_config.try_bind(body)
        return result, 200 if result["success"] else 400
