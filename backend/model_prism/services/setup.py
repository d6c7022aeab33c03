"""First-run state: the setup wizard's admin account and completion."""

from __future__ import annotations

from ..errors import ValidationFailed
from ..models import Setup, User
from ..models.base import utcnow
from . import seeding
from .users import create_user


def is_complete() -> bool:
    doc = Setup.objects.first()
    return bool(doc and doc.completed)


def create_first_admin(username: str, password: str) -> User:
    """Create the first admin while setup is incomplete, and seed the structural defaults."""
    if is_complete():
        raise ValidationFailed("Setup already completed")
    if not username or not password or len(password) < 8:
        raise ValidationFailed("Username and password (min 8 chars) required")
    if User.objects(username=username.strip().lower()).first():
        raise ValidationFailed("Admin already exists")
    user = create_user(username=username, password=password, role="admin")
    seeding.ensure_defaults()
    return user


def complete(admin_username: str) -> None:
    if not User.objects(role="admin").first():
        raise ValidationFailed("Create admin account first")
    Setup.objects().update_one(
        set__completed=True,
        set__adminUser=admin_username,
        set__completedAt=utcnow(),
        set__updatedAt=utcnow(),
        upsert=True,
    )


def dev_defaults(config) -> dict:
    """Give the wizard's development defaults from the environment (nulls where unset)."""
    provider = config.dev_provider or {}
    return {
        "admin": {
            "username": config.dev_admin_username or None,
            "password": config.dev_admin_password or None,
        },
        "provider": {
            "name": provider.get("name"),
            "type": provider.get("type"),
            "baseUrl": provider.get("url"),
            "apiKey": provider.get("key"),
        },
    }
