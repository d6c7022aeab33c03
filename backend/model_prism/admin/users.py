"""Users of the admin UI: list (can_read_config), create/update/delete (admin only)."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields

from ..auth.rbac import require
from ..auth.scope import current_caller
from ..services import users as user_service
from .schemas import Body

blp = Blueprint("users", __name__, url_prefix="/api/prism/admin/users", description="Admin-UI users")


class UserBody(Body):
    username = fields.String(load_default="")
    password = fields.String(load_default="")
    role = fields.String(load_default="")
    tenants = fields.List(fields.String(), load_default=list)


class UserPatch(Body):
    role = fields.String()
    tenants = fields.List(fields.String())
    active = fields.Boolean()
    password = fields.String()


@blp.route("/")
class Users(MethodView):
    @require("can_read_config")
    def get(self):
        """List users (no password hashes), oldest first"""
        return user_service.list_users()

    @require("admin_only")
    @blp.arguments(UserBody)
    def post(self, body):
        """Create a local user"""
        user = user_service.create_user(**body, actor=current_caller().username)
        return user_service.public_view(user), 201


@blp.route("/<user_id>")
class UserItem(MethodView):
    @require("admin_only")
    @blp.arguments(UserPatch)
    def put(self, body, user_id):
        """Change a user's role, tenants, active flag or password"""
        caller = current_caller()
        user = user_service.update_user(user_id, actor_id=caller.user_id, actor=caller.username, **body)
        return user_service.public_view(user)

    @require("admin_only")
    def delete(self, user_id):
        """Delete a user (not yourself, not the last admin)"""
        caller = current_caller()
        user_service.delete_user(user_id, actor_id=caller.user_id, actor=caller.username)
        return {"success": True}
