"""The per-worker in-memory snapshot of configuration the hot path reads (no database access per request)."""

from .holder import SnapshotHolder
from .views import ConfigSnapshot, KeyView, ModelView, ProviderView, TenantView

__all__ = ["ConfigSnapshot", "KeyView", "ModelView", "ProviderView", "SnapshotHolder", "TenantView"]
