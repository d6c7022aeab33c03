"""Rate limits, budgets and quotas of the gateway (shared state in MongoDB, per-process caches)."""

from .service import Limits, build_limits, mongo_limits

__all__ = ["Limits", "build_limits", "mongo_limits"]
