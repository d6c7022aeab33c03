"""Config propagation: services bump a shared version after each write; workers poll it and rebuild."""

from __future__ import annotations

import logging

from ..models import ConfigVersion
from ..models.base import utcnow

log = logging.getLogger(__name__)
CONFIG_KEY = "config"
_listeners: list = []


def read_version() -> int:
    doc = ConfigVersion.objects(id=CONFIG_KEY).only("version").first()
    return doc.version if doc else 0


def on_change(callback) -> None:
    """Register a callback run in this process right after a local change (immediate invalidation)."""
    _listeners.append(callback)


def reset_listeners() -> None:
    """Forget earlier listeners (a process builds one app; tests build many)."""
    _listeners.clear()


def bump(area: str = CONFIG_KEY) -> None:
    """Record that configuration changed: every process sees the new version, this one at once."""
    ConfigVersion.objects(id=CONFIG_KEY).update_one(inc__version=1, set__updatedAt=utcnow(), upsert=True)
    for callback in list(_listeners):
        callback(area)
