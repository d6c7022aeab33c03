"""Window buckets shared through MongoDB (`ratelimits`), with an in-process fallback when the store is slow.

Failure policy: fail open and log. When the store raises, or a call takes longer than `slow_seconds`
(50 ms), this process switches to its local buckets for `cooldown_seconds` and logs the switch once;
meanwhile the limit holds per process only (N workers may admit up to N × limit).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pymongo
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from .counters import MemoryCounter, WindowCounter
from .window import WINDOW_SECONDS

log = logging.getLogger(__name__)
TTL_GRACE_SECONDS = 60


class MongoCounter:
    """Buckets as documents `{_id: "<key>:<bucket>", count, expiresAt}` (`$inc` upserts; TTL on expiresAt).

    `bucket` is the bucket's index (epoch seconds // window). For the tenant limits `key` is `<tenantId>:<kind>` and
    the window a minute, so an `_id` reads `<tenantId>:<kind>:<minuteEpoch>`; the login throttles (auth/throttle.py)
    use `<limit>:<user or IP>` and their own windows. A sliding window reads a bucket until the end of the next one,
    so a bucket expires a window after its own end, plus a minute.
    `timeout_seconds=None` waits for the store as long as its client does (the throttles: no fail-open there).
    """

    def __init__(
        self,
        collection: Callable[[], Any],
        *,
        timeout_seconds: float | None = 0.05,
        window: int = WINDOW_SECONDS,
    ) -> None:
        self._collection = collection
        self._timeout = timeout_seconds
        self._window = window

    def add(self, key: str, bucket: int, amount: int) -> int:
        """Give the bucket's total after an atomic `$inc` (upserting the bucket)."""
        expires = datetime.fromtimestamp((bucket + 2) * self._window + TTL_GRACE_SECONDS, UTC)
        update = {"$inc": {"count": amount}, "$setOnInsert": {"expiresAt": expires}}
        for attempt in (1, 2):
            try:
                with pymongo.timeout(self._timeout):
                    doc = self._collection().find_one_and_update(
                        {"_id": f"{key}:{bucket}"},
                        update,
                        upsert=True,
                        return_document=ReturnDocument.AFTER,
                        projection={"count": 1},
                    )
                return int(doc["count"])
            except DuplicateKeyError:  # two first writers raced on the upsert; the second one retries
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def get(self, key: str, bucket: int) -> int:
        """Give the bucket's total (0 when absent)."""
        with pymongo.timeout(self._timeout):
            doc = self._collection().find_one({"_id": f"{key}:{bucket}"}, {"count": 1})
        return int(doc["count"]) if doc else 0

    def get_many(self, key: str, buckets: tuple[int, ...]) -> tuple[int, ...]:
        """Give each bucket's total (0 when absent) in one query, in the order asked."""
        ids = [f"{key}:{bucket}" for bucket in buckets]
        with pymongo.timeout(self._timeout):
            found = {
                doc["_id"]: int(doc["count"])
                for doc in self._collection().find({"_id": {"$in": ids}}, {"count": 1})
            }
        return tuple(found.get(i, 0) for i in ids)


class FailoverCounter:
    """Uses the shared counter while it answers fast; otherwise the local one (fail open, logged)."""

    def __init__(
        self,
        shared: WindowCounter,
        local: MemoryCounter | None = None,
        *,
        slow_seconds: float = 0.05,
        cooldown_seconds: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.shared = shared
        self.local = local or MemoryCounter()
        self._slow = slow_seconds
        self._cooldown = cooldown_seconds
        self._clock = clock
        self._degraded_until = 0.0
        self.fallbacks = 0  # calls answered locally because the store was slow or failing

    @property
    def degraded(self) -> bool:
        return self._clock() < self._degraded_until

    def add(self, key: str, bucket: int, amount: int) -> int:
        """Give the bucket total from the shared store, or this process's own total while degraded."""
        local_total = self.local.add(key, bucket, amount)  # mirrored so a switch keeps our own history
        return self._shared_or(lambda: self.shared.add(key, bucket, amount), local_total)

    def get(self, key: str, bucket: int) -> int:
        """Give the bucket total from the shared store, or this process's own total while degraded."""
        return self._shared_or(lambda: self.shared.get(key, bucket), self.local.get(key, bucket))

    def _shared_or(self, call: Callable[[], int], local_value: int) -> int:
        if self.degraded:
            self.fallbacks += 1
            return local_value
        started = self._clock()
        try:
            value = call()
        except Exception as exc:  # noqa: BLE001 - any store failure: fail open
            self._degrade(f"failed: {exc.__class__.__name__}: {exc}")
            self.fallbacks += 1
            return local_value
        elapsed = self._clock() - started
        if elapsed > self._slow:
            self._degrade(f"slow: {elapsed * 1000:.0f} ms")
        return value

    def _degrade(self, why: str) -> None:
        if not self.degraded:
            log.warning(
                "rate-limit store %s; using in-process windows for %.0f s (limits hold per process only)",
                why,
                self._cooldown,
            )
        self._degraded_until = self._clock() + self._cooldown
