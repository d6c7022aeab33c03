"""Bucket counters behind the sliding windows: the Protocol and the in-process twin."""

from __future__ import annotations

import threading
from typing import Protocol


class WindowCounter(Protocol):
    """Adds to and reads fixed buckets keyed by `(key, bucket)`; `add` gives the bucket's new total."""

    def add(self, key: str, bucket: int, amount: int) -> int: ...

    def get(self, key: str, bucket: int) -> int: ...


class MemoryCounter:
    """In-process buckets (one worker only); keeps the last few buckets per key and forgets older ones."""

    def __init__(self, keep_buckets: int = 3) -> None:
        self._counts: dict[tuple[str, int], int] = {}
        self._newest = 0
        self._keep = keep_buckets
        self._lock = threading.Lock()

    def add(self, key: str, bucket: int, amount: int) -> int:
        """Give the bucket's total after adding `amount`."""
        with self._lock:
            total = self._counts.get((key, bucket), 0) + amount
            self._counts[(key, bucket)] = total
            if bucket > self._newest:
                # once per new bucket: forget every key's buckets that left the window (idle IPs included)
                self._newest = bucket
                horizon = bucket - self._keep
                for stale in [k for k in self._counts if k[1] <= horizon]:
                    del self._counts[stale]
            return total

    def get(self, key: str, bucket: int) -> int:
        """Give the bucket's total (0 when never written or already forgotten)."""
        return self._counts.get((key, bucket), 0)

    def __len__(self) -> int:
        return len(self._counts)
