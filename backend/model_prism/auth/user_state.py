"""Whether a token's user still exists and is active (cached 30 s per process, evicted on local changes)."""

from __future__ import annotations

import threading
import time

from bson import ObjectId

from ..models import User

CACHE_SECONDS = 30.0
_cache: dict[str, tuple[bool, float]] = {}
_lock = threading.Lock()


def is_active(user_id: str) -> bool:
    """Give True when the user exists and is active; deleted or deactivated users' tokens are refused."""
    now = time.monotonic()
    with _lock:
        hit = _cache.get(user_id)
        if hit and hit[1] > now:
            return hit[0]
    active = bool(
        ObjectId.is_valid(user_id) and User.objects(id=user_id, active=True).only("id").first() is not None
    )
    with _lock:
        if len(_cache) > 5_000:
            _cache.clear()
        _cache[user_id] = (active, now + CACHE_SECONDS)
    return active


def forget(user_id: str | None = None) -> None:
    """Drop the cached answer for one user (or all), after a change made in this process."""
    with _lock:
        if user_id is None:
            _cache.clear()
        else:
            _cache.pop(str(user_id), None)
