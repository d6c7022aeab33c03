"""Quotas, webhooks, experiments and synthetic test suites."""

from __future__ import annotations

from mongoengine import (
    BooleanField,
    DateTimeField,
    DictField,
    Document,
    DynamicField,
    FloatField,
    IntField,
    ListField,
    ObjectIdField,
    StringField,
)

from .base import TimestampedDocument, utcnow


class Quota(TimestampedDocument):
    meta = {"collection": "quotas", "indexes": [{"fields": ["tenantId", "quotaType"], "unique": True}]}

    tenantId = ObjectIdField(required=True)
    quotaType = StringField(required=True)
    limit = FloatField(default=0)
    used = FloatField(default=0)
    period = StringField(default="monthly")
    enforcement = StringField(default="soft_warning", choices=("hard_block", "soft_warning", "auto_economy"))
    enabled = BooleanField(default=True)
    periodStart = DateTimeField(null=True)
    lastWarnedAt = DateTimeField(null=True)


class Webhook(TimestampedDocument):
    meta = {"collection": "webhooks", "indexes": [{"fields": ["tenantId", "enabled"]}]}

    name = StringField(required=True)
    url = StringField(required=True)
    secret = StringField(default="")
    events = ListField(StringField())
    tenantId = ObjectIdField(null=True)
    enabled = BooleanField(default=True)
    headers = DictField()


class WebhookLog(Document):
    meta = {
        "collection": "webhooklogs",
        "indexes": [
            {"fields": ["webhookId", "-timestamp"]},
            {"fields": ["timestamp"], "expireAfterSeconds": 2_592_000},
        ],
    }

    webhookId = ObjectIdField(required=True)
    event = StringField()
    status = IntField(null=True)
    success = BooleanField(default=False)
    attempt = IntField(default=1)
    error = StringField(null=True)
    durationMs = IntField(null=True)
    timestamp = DateTimeField(default=utcnow)


class Experiment(TimestampedDocument):
    meta = {"collection": "experiments", "indexes": ["tenantId"]}

    name = StringField(required=True)
    tenantId = ObjectIdField(required=True)
    description = StringField(default="")
    status = StringField(default="draft", choices=("draft", "active", "paused", "completed"))
    variants = ListField(DictField())  # {name, model, providerId, weight}
    targetCategories = ListField(StringField())  # empty = every category
    startDate = DateTimeField(null=True)
    endDate = DateTimeField(null=True)
    minSampleSize = IntField(default=100, min_value=1)
    # one entry per variant: {variantName, requests, totalInputTokens, totalOutputTokens, totalCostUsd, errorCount,
    # totalQualityScore, qualityCount, totalLatencyMs, sumSqCostUsd, sumSqQuality}
    metrics = ListField(DictField())
    completedNotified = BooleanField(default=False)


class SyntheticTest(TimestampedDocument):
    meta = {"collection": "synthetictests"}

    name = StringField(required=True)
    description = StringField(default="")
    category = StringField(default="")
    testCases = ListField(DictField())
    extra = DynamicField()


class TestRun(Document):
    meta = {"collection": "testruns", "indexes": ["testSuiteId"]}

    testSuiteId = ObjectIdField(required=True)
    tenantId = ObjectIdField(required=True)
    ruleSetName = StringField()
    status = StringField(default="done")
    progress = DictField()
    results = ListField(DictField())
    summary = DictField()
    evaluation = DictField(null=True)
    createdAt = DateTimeField(default=utcnow)
