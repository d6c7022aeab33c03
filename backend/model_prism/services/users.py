"""Users: creation and credential checks."""

from __future__ import annotations

from ..auth.passwords import hash_password, verify_password
from ..errors import ValidationFailed
from ..models import User
from ..models.base import utcnow
from ..models.user import ROLES


def create_user(
    *, username: str, password: str, role: str = "tenant-viewer", tenants: list | None = None
) -> User:
    """Create a local user; raises ValidationFailed for a short password, bad role or taken username."""
    username = (username or "").strip().lower()
    if not username or not password or len(password) < 8:
        raise ValidationFailed("Username and password (min 8 chars) required")
    if role not in ROLES:
        raise ValidationFailed(f"Invalid role: {role}")
    if User.objects(username=username).first():
        raise ValidationFailed("Username already exists")
    return User(
        username=username, passwordHash=hash_password(password), role=role, tenants=tenants or []
    ).save()


def check_local_login(username: str, password: str) -> User | None:
    """Give the active local user whose password matches, with lastLogin updated; None otherwise."""
    user = User.objects(username=(username or "").strip().lower(), source="local", active=True).first()
    if user is None or not verify_password(password, user.passwordHash):
        return None
    User.objects(id=user.id).update_one(set__lastLogin=utcnow())
    return user
