"""Holds the current snapshot; rebuilt after local invalidation or when the shared config version moves."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from .views import ConfigSnapshot

log = logging.getLogger(__name__)


class SnapshotHolder:
    """Gives the current snapshot; a rebuild happens off the request path except right after a local change."""

    def __init__(self, builder: Callable[[int], ConfigSnapshot], version_reader: Callable[[], int]) -> None:
        self._builder = builder
        self._read_version = version_reader
        self._snapshot: ConfigSnapshot | None = None
        self._dirty = True
        self._lock = threading.Lock()
        self.last_refresh = 0.0

    def current(self) -> ConfigSnapshot:
        """Give the snapshot, rebuilding first when it was invalidated."""
        snap = self._snapshot
        if snap is None or self._dirty:
            return self.refresh()
        return snap

    def invalidate(self) -> None:
        """Mark the snapshot stale (the process that made a change calls this at once)."""
        self._dirty = True

    def refresh(self) -> ConfigSnapshot:
        with self._lock:
            if self._snapshot is not None and not self._dirty:
                return self._snapshot
            self._dirty = False
            version = self._read_version()
            self._snapshot = self._builder(version)
            self.last_refresh = time.monotonic()
            return self._snapshot

    def poll_once(self) -> bool:
        """Compare the shared config version with ours; give True when a rebuild was needed."""
        snap = self._snapshot
        if snap is None or self._read_version() != snap.version:
            self.invalidate()
            self.refresh()
            return True
        return False
