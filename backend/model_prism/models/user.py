"""Admin-UI users with one of the RBAC roles."""

from __future__ import annotations

from mongoengine import BooleanField, DateTimeField, ListField, ObjectIdField, StringField

from .base import TimestampedDocument

ROLES = (
    "admin",
    "maintainer",
    "finops",
    "auditor",
    "tenant-admin",
    "tenant-maintainer",
    "tenant-viewer",
    "chat-user",
)


class User(TimestampedDocument):
    meta = {"collection": "users", "indexes": [{"fields": ["username"], "unique": True}]}

    username = StringField(required=True)
    passwordHash = StringField(null=True)
    role = StringField(default="tenant-viewer", choices=ROLES)
    tenants = ListField(ObjectIdField())
    source = StringField(default="local", choices=("local", "ldap"))
    active = BooleanField(default=True)
    lastLogin = DateTimeField(null=True)
    roleLocked = BooleanField(default=False)
