"""Request logs and the daily rollups the dashboard and budget checks read."""

from __future__ import annotations

from mongoengine import (
    BooleanField,
    DateTimeField,
    DictField,
    Document,
    FloatField,
    IntField,
    ListField,
    ObjectIdField,
    StringField,
)

from .base import utcnow


class RequestLog(Document):
    meta = {
        "collection": "requestlogs",
        "indexes": [
            {"fields": ["tenantId", "-timestamp"]},
            {"fields": ["status", "-timestamp"]},
            {"fields": ["errorCategory", "-timestamp"]},
            {"fields": ["tenantId", "status", "-timestamp"]},
            {"fields": ["category", "-timestamp"]},
            "sessionId", "userName", "routedModel", "costTier", "errorType", "handledFallback",
            "clientIpHash", "systemPromptHash", "experimentId", "requestId",
        ],
    }  # fmt: skip

    requestId = StringField()
    tenantId = ObjectIdField(required=True)
    timestamp = DateTimeField(default=utcnow)
    sessionId = StringField()
    userName = StringField(null=True)
    requestedModel = StringField(default="unknown")
    routedModel = StringField(default="none")
    providerId = ObjectIdField(null=True)
    endpoint = StringField()
    category = StringField(null=True)
    taskType = StringField(null=True)
    complexity = StringField(null=True)
    costTier = StringField(null=True)
    confidence = FloatField(null=True)
    inputTokens = IntField(default=0)
    outputTokens = IntField(default=0)
    cachedInputTokens = IntField(default=0)
    reasoningTokens = IntField(default=0)
    actualCostUsd = FloatField(default=0)
    baselineCostUsd = FloatField(default=0)
    savedUsd = FloatField(default=0)
    baselineModel = StringField(null=True)
    routingCostUsd = FloatField(default=0)
    isAutoRouted = BooleanField(default=False)
    routingMs = IntField(null=True)
    overrideApplied = StringField(null=True)
    domain = StringField(null=True)
    language = StringField(null=True)
    streaming = BooleanField(default=False)
    status = StringField(choices=("success", "error"), required=True)
    httpStatus = IntField(null=True)
    errorMessage = StringField(null=True)
    errorType = StringField(null=True)
    errorCategory = StringField(null=True)
    errorFixedIn = StringField(null=True)
    errorDescription = StringField(null=True)
    resolvedAt = DateTimeField(null=True)
    resolvedBy = StringField(null=True)
    durationMs = IntField(null=True)
    contextFallback = BooleanField(default=False)
    originalModel = StringField(null=True)
    handledFallback = BooleanField(default=False)
    fallbackType = StringField(null=True)
    fallbackDetail = StringField(null=True)
    attempts = ListField(DictField())
    contextWindowUsed = IntField(null=True)
    clientIpHash = StringField(null=True)
    viaProxy = BooleanField(default=False)
    systemPromptHash = StringField(null=True)
    promptSnapshot = DictField(null=True)
    capturedPaths = ListField(StringField())
    capturedPathHashes = ListField(StringField())
    responseSnapshot = DictField(null=True)
    qualityScore = IntField(null=True)
    qualityBreakdown = DictField(null=True)
    experimentId = ObjectIdField(null=True)
    experimentVariant = StringField(null=True)
    routingSignals = DictField(null=True)
    origin = StringField(default="gateway")


class DailyStat(Document):
    meta = {
        "collection": "dailystats",
        "indexes": [
            {"fields": ["date", "tenantId", "routedModel"], "unique": True},
            {"fields": ["tenantId", "date"]},
        ],
    }

    date = StringField(required=True)
    tenantId = ObjectIdField(required=True)
    routedModel = StringField(required=True)
    requests = IntField(default=0)
    inputTokens = IntField(default=0)
    outputTokens = IntField(default=0)
    actualCostUsd = FloatField(default=0)
    baselineCostUsd = FloatField(default=0)
    savedUsd = FloatField(default=0)
    autoRoutedCount = IntField(default=0)
    routingCostUsd = FloatField(default=0)
    errorCount = IntField(default=0)
    durationMsTotal = IntField(default=0)
    durationMsCount = IntField(default=0)


class DailyCategoryStat(Document):
    meta = {
        "collection": "dailycategorystats",
        "indexes": [{"fields": ["date", "tenantId", "category", "costTier"], "unique": True}],
    }

    date = StringField(required=True)
    tenantId = ObjectIdField(required=True)
    category = StringField(required=True)
    costTier = StringField(required=True)
    requests = IntField(default=0)
    actualCostUsd = FloatField(default=0)
