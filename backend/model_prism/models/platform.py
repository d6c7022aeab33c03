"""Small platform collections: setup state, settings singletons, audit, heartbeats and shared counters."""

from __future__ import annotations

from mongoengine import (
    BooleanField,
    DateTimeField,
    DictField,
    Document,
    DynamicField,
    IntField,
    ObjectIdField,
    StringField,
)

from .base import TimestampedDocument, utcnow


class Setup(TimestampedDocument):
    meta = {"collection": "setups"}

    completed = BooleanField(default=False)
    adminUser = StringField(null=True)
    completedAt = DateTimeField(null=True)


class SystemConfig(TimestampedDocument):
    meta = {"collection": "systemconfigs", "indexes": [{"fields": ["key"], "unique": True}]}

    key = StringField(required=True)
    value = DynamicField()


class LogConfig(TimestampedDocument):
    meta = {"collection": "logconfigs", "indexes": [{"fields": ["singleton"], "unique": True}]}

    singleton = StringField(default="default")
    settings = DictField()


class ChatConfig(TimestampedDocument):
    meta = {"collection": "chatconfigs", "indexes": [{"fields": ["singleton"], "unique": True}]}

    singleton = StringField(default="default")
    settings = DictField()


class LdapConfig(TimestampedDocument):
    meta = {"collection": "ldapconfigs"}

    enabled = BooleanField(default=False)
    settings = DictField()


class ConfigChange(Document):
    meta = {
        "collection": "configchanges",
        "indexes": ["target", {"fields": ["timestamp"], "expireAfterSeconds": 90 * 86400}],
    }

    timestamp = DateTimeField(default=utcnow)
    user = StringField()
    action = StringField()
    target = StringField()
    targetId = StringField(null=True)
    targetName = StringField(null=True)
    before = DynamicField()
    after = DynamicField()
    diff = DynamicField()


class PodMetrics(Document):
    meta = {
        "collection": "podmetrics",
        "indexes": ["podId", {"fields": ["updatedAt"], "expireAfterSeconds": 90}],
    }

    podId = StringField(required=True)
    role = StringField()
    hostname = StringField()
    pid = IntField()
    startedAt = DateTimeField()
    metrics = DictField()
    updatedAt = DateTimeField(default=utcnow)


class RateLimitBucket(Document):
    """Shared window bucket, `$inc` upserted (limits/shared_counter.MongoCounter): `_id = "<tenantId>:<kind>:<minuteEpoch>"`
    for tenant limits, `"<limit>:<user or IP>:<bucket index>"` for the login and per-IP throttles (auth/throttle.py)."""

    meta = {"collection": "ratelimits", "indexes": [{"fields": ["expiresAt"], "expireAfterSeconds": 0}]}

    id = StringField(primary_key=True)
    count = IntField(default=0)
    expiresAt = DateTimeField()


class SessionFill(Document):
    meta = {"collection": "sessionfill", "indexes": [{"fields": ["updatedAt"], "expireAfterSeconds": 1800}]}

    id = StringField(primary_key=True)
    fillPct = DynamicField()
    tier = StringField(null=True)
    model = StringField(null=True)
    tenantId = ObjectIdField(null=True)
    updatedAt = DateTimeField(default=utcnow)


class JobLock(Document):
    meta = {"collection": "joblocks", "indexes": [{"fields": ["expiresAt"], "expireAfterSeconds": 0}]}

    id = StringField(primary_key=True)
    owner = StringField()
    expiresAt = DateTimeField()


class ConfigVersion(Document):
    """One counter per configuration area, bumped by services after every write (polling fallback)."""

    meta = {"collection": "configversions"}

    id = StringField(primary_key=True)
    version = IntField(default=0)
    updatedAt = DateTimeField(default=utcnow)
