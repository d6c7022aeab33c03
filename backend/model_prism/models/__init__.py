"""mongoengine documents only: fields and indexes. Collection names and camelCase fields follow the spec."""

from .analytics import DailyCategoryStat, DailyStat, RequestLog
from .base import TimestampedDocument, utcnow
from .catalog import DiscoveredModel, Provider, RoutingCategory, RoutingRuleSet
from .operations import Experiment, Quota, SyntheticTest, TestRun, Webhook, WebhookLog
from .platform import (
    ChatConfig,
    ConfigChange,
    ConfigVersion,
    JobLock,
    LdapConfig,
    LogConfig,
    PodMetrics,
    RateLimitBucket,
    SessionFill,
    Setup,
    SystemConfig,
)
from .tenant import ApiKey, Tenant
from .user import User

ALL_DOCUMENTS = (
    Tenant, Provider, User, RoutingCategory, RoutingRuleSet, RequestLog, DailyStat, DailyCategoryStat,
    Quota, Webhook, WebhookLog, Experiment, SyntheticTest, TestRun, ConfigChange, LogConfig, ChatConfig,
    SystemConfig, PodMetrics, LdapConfig, Setup, RateLimitBucket, SessionFill, JobLock, ConfigVersion,
)  # fmt: skip

__all__ = [d.__name__ for d in ALL_DOCUMENTS] + ["ApiKey", "DiscoveredModel", "TimestampedDocument", "utcnow"]


def ensure_all_indexes() -> None:
    """Create every declared index (unique, TTL, compound) on the connected database."""
    for doc in ALL_DOCUMENTS:
        doc.ensure_indexes()
