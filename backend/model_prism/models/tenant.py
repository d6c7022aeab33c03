"""The tenant document: a gateway endpoint with keys, policies, limits and routing settings."""

from __future__ import annotations

from bson import ObjectId
from mongoengine import (
    BooleanField,
    DateTimeField,
    DictField,
    EmbeddedDocument,
    EmbeddedDocumentListField,
    IntField,
    ListField,
    ObjectIdField,
    StringField,
)

from .base import TimestampedDocument, utcnow

DEFAULT_OVERRIDES = {
    "visionUpgrade": True,
    "toolCallUpgrade": True,
    "toolCallMinTier": "medium",
    "confidenceFallback": True,
    "confidenceThreshold": 0.4,
    "domainGate": True,
    "conversationTurnUpgrade": False,
    "conversationTurnThreshold": 4,
    "frustrationUpgrade": True,
    "outputLengthUpgrade": True,
}


def default_routing() -> dict:
    return {
        "enabled": False,
        "classifierModel": None,
        "classifierProvider": None,
        "classifierFallbacks": [],
        "defaultModel": None,
        "baselineModel": None,
        "forceAutoRouteMode": "off",
        "forceRouteOptOutToken": "--model-prism-accept-model",
        "sessionFillUpgradeThreshold": 0.75,
        "agentSessionTierFloor": True,
        "localClassifier": True,
        "overrides": dict(DEFAULT_OVERRIDES),
    }


class ApiKey(EmbeddedDocument):
    _id = ObjectIdField(default=ObjectId, db_field="_id")
    hash = StringField(required=True)
    prefix = StringField()
    encrypted = StringField()
    label = StringField(default="")
    enabled = BooleanField(default=True)
    custom = BooleanField(default=False)
    expiresAt = DateTimeField(null=True)
    lastUsedAt = DateTimeField(null=True)
    createdAt = DateTimeField(default=utcnow)


class Tenant(TimestampedDocument):
    meta = {
        "collection": "tenants",
        "indexes": [
            {"fields": ["slug"], "unique": True},
            {"fields": ["apiKeyHash"], "unique": True, "sparse": True},
            "apiKeys.hash",
            "updatedAt",
        ],
    }

    slug = StringField(required=True, regex=r"^[a-z0-9-]+$", max_length=64)
    name = StringField(required=True)
    apiKeyHash = StringField(null=True)
    apiKeyPrefix = StringField()
    apiKeyEncrypted = StringField()
    providerIds = ListField(ObjectIdField())
    modelConfig = DictField(default=lambda: {"mode": "all", "list": [], "aliases": {}})
    routing = DictField(default=default_routing)
    fallbackChains = ListField(DictField())
    modelFallbacks = ListField(DictField())
    pricing = DictField()
    rateLimit = DictField(default=lambda: {"requestsPerMinute": 0, "tokensPerMinute": 0})
    budgetLimits = DictField(default=lambda: {"dailyUsd": 0, "weeklyUsd": 0, "monthlyUsd": 0})
    budgetGuard = DictField(
        default=lambda: {
            "enabled": False,
            "thresholdPct": 80,
            "blockTiers": ["high", "ultra", "critical"],
            "guardCostMode": "economy",
        }
    )
    active = BooleanField(default=True)
    isDefault = BooleanField(default=False)
    internal = BooleanField(default=False)
    keyEnabled = BooleanField(default=True)
    keyLifetimeDays = IntField(default=0, min_value=0)
    keyExpiresAt = DateTimeField(null=True)
    customApiKey = BooleanField(default=False)
    stripThinking = BooleanField(default=True)
    printRoutedModel = BooleanField(default=False)
    defaultSystemPrompt = StringField(
        default="Always answer in the same language the user writes in.",
    )
    promptLogging = BooleanField(default=False)
    promptLogLevel = StringField(default="last_user", choices=("last_user", "full"))
    apiKeys = EmbeddedDocumentListField(ApiKey)
