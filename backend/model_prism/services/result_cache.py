"""A small per-process TTL cache for dashboard results; keys must include the caller's tenant scope."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

MAX_ENTRIES = 200
MAX_AGE = 300.0
_entries: dict[str, tuple[float, Any]] = {}
_lock = threading.Lock()


def cached(key: str, ttl: float, compute: Callable[[], Any]) -> Any:
    """Give the cached value younger than ttl seconds, or compute and store it."""
    now = time.monotonic()
    with _lock:
        hit = _entries.get(key)
        if hit and now - hit[0] < ttl:
            return hit[1]
    value = compute()
    with _lock:
        if len(_entries) > MAX_ENTRIES:
            for k in [k for k, (t, _) in _entries.items() if now - t > MAX_AGE]:
                _entries.pop(k, None)
        _entries[key] = (now, value)
    return value


def clear() -> None:
    with _lock:
        _entries.clear()
