"""Users: creation, listing, updates with the last-admin guards, deletion and credential checks."""

from __future__ import annotations

from bson import ObjectId

from ..auth import user_state
from ..auth.passwords import hash_password, verify_password
from ..errors import NotFound, ValidationFailed
from ..models import Tenant, User
from ..models.base import utcnow
from ..models.user import ROLES
from . import audit
from .jsonview import plain


def _tenant_ids(values) -> list[ObjectId]:
    ids = []
    for v in values or []:
        if not ObjectId.is_valid(str(v)):
            raise ValidationFailed("Invalid id")
        ids.append(ObjectId(str(v)))
    return ids


def create_user(
    *, username: str, password: str, role: str = "tenant-viewer", tenants: list | None = None, actor: str = ""
) -> User:
    """Create a local user; raises ValidationFailed for a short password, bad role or taken username."""
    username = (username or "").strip().lower()
    if not username or not password or len(password) < 8:
        raise ValidationFailed("Username and password (min 8 chars) required")
    if role not in ROLES:
        raise ValidationFailed(f"Invalid role: {role}")
    if User.objects(username=username).first():
        raise ValidationFailed("Username already exists")
    user = User(
        username=username, passwordHash=hash_password(password), role=role, tenants=_tenant_ids(tenants)
    ).save()
    if actor:
        audit.record_create(actor, "user", str(user.id), username)
    return user


def get(user_id: str) -> User:
    if not ObjectId.is_valid(str(user_id)):
        raise ValidationFailed("Invalid id")
    user = User.objects(id=user_id).first()
    if user is None:
        raise NotFound("User not found")
    return user


def public_view(user: User, tenant_names: dict | None = None) -> dict:
    """Give the user JSON without the password hash, tenants populated as {_id, name, slug}."""
    names = tenant_names if tenant_names is not None else _tenant_names(user.tenants)
    doc = plain(user.to_mongo().to_dict())
    doc.pop("passwordHash", None)
    doc["tenants"] = [names.get(str(t), {"_id": str(t), "name": None, "slug": None}) for t in user.tenants]
    return doc


def _tenant_names(ids) -> dict:
    return {
        str(t.id): {"_id": str(t.id), "name": t.name, "slug": t.slug}
        for t in Tenant.objects(id__in=list(ids)).only("id", "name", "slug")
    }


def list_users() -> list[dict]:
    users = list(User.objects.order_by("createdAt"))
    names = _tenant_names({t for u in users for t in u.tenants})
    return [public_view(u, names) for u in users]


def _active_admins() -> int:
    return User.objects(role="admin", active=True).count()


def update_user(user_id: str, *, actor_id: str, actor: str, **changes) -> User:
    """Apply role/tenants/active/password; refuses to change one's own role or lose the last active admin."""
    user = get(user_id)
    before = public_view(user)
    role, active = changes.get("role"), changes.get("active")
    if role is not None and role not in ROLES:
        raise ValidationFailed(f"Invalid role: {role}")
    if role is not None and role != user.role and str(user.id) == actor_id:
        raise ValidationFailed("You cannot change your own role")
    losing_admin = (
        user.role == "admin" and user.active and ((role is not None and role != "admin") or active is False)
    )
    if losing_admin and _active_admins() <= 1:
        raise ValidationFailed("Cannot demote or deactivate the last active admin")
    if changes.get("password") is not None:
        if len(changes["password"]) < 8:
            raise ValidationFailed("Password must be at least 8 characters")
        user.passwordHash = hash_password(changes["password"])
    if role is not None:
        user.role = role
        if user.source == "ldap":
            user.roleLocked = True
    if changes.get("tenants") is not None:
        user.tenants = _tenant_ids(changes["tenants"])
    if active is not None:
        user.active = bool(active)
    user.save()
    user_state.forget(str(user.id))
    audit.record_update(actor, "user", str(user.id), user.username, before, public_view(user))
    return user


def delete_user(user_id: str, *, actor_id: str, actor: str) -> None:
    user = get(user_id)
    if str(user.id) == actor_id:
        raise ValidationFailed("You cannot delete yourself")
    if user.role == "admin" and User.objects(role="admin").count() <= 1:
        raise ValidationFailed("Cannot delete the last admin")
    user.delete()
    user_state.forget(str(user.id))
    audit.record_delete(actor, "user", str(user.id), user.username)


def check_local_login(username: str, password: str) -> User | None:
    """Give the active local user whose password matches, with lastLogin updated; None otherwise."""
    user = User.objects(username=(username or "").strip().lower(), source="local", active=True).first()
    if user is None or not verify_password(password, user.passwordHash):
        return None
    User.objects(id=user.id).update_one(set__lastLogin=utcnow())
    return user


def upsert_ldap_user(username: str, role: str) -> User | None:
    """Create or refresh the LDAP user (role from LDAP unless locked); None when the account is deactivated."""
    user = User.objects(username=username).first()
    if user is not None and user.source != "ldap":
        return None  # a local account with that name keeps priority; its password did not match
    if user is None:
        user = User(username=username, source="ldap", role=role, passwordHash=None)
    elif not user.active:
        return None
    elif not user.roleLocked:
        user.role = role
    user.lastLogin = utcnow()
    return user.save()


def verify_own_password(user_id: str, password: str) -> bool:
    """Give whether the password is the local user's; LDAP users cannot be verified here (400)."""
    user = get(user_id)
    if user.source == "ldap":
        raise ValidationFailed("Password verification is not available for LDAP users")
    return verify_password(password, user.passwordHash)
