"""Providers with their discovered models, routing categories and rule sets."""

from __future__ import annotations

from mongoengine import (
    BooleanField,
    DateTimeField,
    DictField,
    EmbeddedDocument,
    EmbeddedDocumentListField,
    FloatField,
    IntField,
    ListField,
    ObjectIdField,
    StringField,
)

from .base import TimestampedDocument, TimestampedDynamicDocument

PROVIDER_TYPES = (
    "openai", "ollama", "vllm", "bedrock", "bedrock-proxy", "azure", "azure-proxy",
    "openrouter", "custom", "anthropic", "demo",
)  # fmt: skip
TIERS = ("micro", "minimal", "low", "medium", "advanced", "high", "ultra", "critical")


class DiscoveredModel(EmbeddedDocument):
    id = StringField(required=True)
    name = StringField()
    capabilities = ListField(StringField())
    contextWindow = IntField(null=True)
    maxOutputTokens = IntField(null=True)
    contextSource = StringField(null=True)
    ownedBy = StringField()
    tier = StringField(null=True, choices=TIERS + (None,))
    categories = ListField(StringField())
    priority = IntField(default=50, min_value=1, max_value=100)
    notes = StringField(default="")
    inputPer1M = FloatField(null=True)
    outputPer1M = FloatField(null=True)
    cachedInputPer1M = FloatField(null=True)
    manualPricing = BooleanField(default=False)
    manualContext = BooleanField(default=False)
    visible = BooleanField(default=True)
    stale = BooleanField(default=False)
    benchmarks = DictField()


class Provider(TimestampedDocument):
    meta = {"collection": "providers", "indexes": [{"fields": ["slug"], "unique": True}, "updatedAt"]}

    name = StringField(required=True)
    slug = StringField(required=True, regex=r"^[a-z0-9][a-z0-9-]*$")
    type = StringField(required=True, choices=PROVIDER_TYPES)
    config = DictField(default=lambda: {"baseUrl": "", "auth": {"type": "api_key"}, "options": {}})
    status = StringField(default="unchecked", choices=("connected", "error", "unchecked"))
    statusMessage = StringField(default="")
    lastChecked = DateTimeField(null=True)
    discoveredModels = EmbeddedDocumentListField(DiscoveredModel)


class RoutingCategory(TimestampedDynamicDocument):
    meta = {"collection": "routingcategories", "indexes": [{"fields": ["key"], "unique": True}]}

    key = StringField(required=True)
    name = StringField(required=True)
    description = StringField(default="")
    costTier = StringField(choices=TIERS)
    examples = ListField(StringField())
    defaultModel = StringField(null=True)
    fallbackModel = StringField(null=True)
    requiresVision = BooleanField(default=False)
    isBuiltIn = BooleanField(default=True)
    targetSystemPrompt = StringField(default="")
    order = IntField(default=0)


class RoutingRuleSet(TimestampedDynamicDocument):
    meta = {"collection": "routingrulesets", "indexes": ["isGlobalDefault", "tenantId"]}

    name = StringField(required=True)
    description = StringField(default="")
    isGlobalDefault = BooleanField(default=False)
    tenantId = ObjectIdField(null=True)
    tokenThresholds = DictField()
    keywordRules = ListField(DictField())
    systemPromptRoles = ListField(DictField())
    signalWeights = DictField()
    classifierConfidenceThreshold = FloatField(default=0.7)
    costMode = StringField(default="balanced", choices=("economy", "balanced", "quality"))
    tierBoost = IntField(default=0, min_value=-2, max_value=2)
    isDefault = BooleanField(default=False)
