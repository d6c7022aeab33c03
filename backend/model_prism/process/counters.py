"""Per-process traffic counters over a 60-slot one-second ring (requests, blocked, errors, active connections)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

KINDS = ("requests", "blocked", "errors")


class TrafficCounters:
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._slots: dict[str, list[tuple[int, int]]] = {k: [(0, 0)] * 60 for k in KINDS}
        self.totals = dict.fromkeys(KINDS, 0)
        self.active = 0
        self._lock = threading.Lock()

    def add(self, kind: str, n: int = 1) -> None:
        second = int(self._clock())
        with self._lock:
            slots = self._slots[kind]
            at, count = slots[second % 60]
            slots[second % 60] = (second, count + n if at == second else n)
            self.totals[kind] += n

    def per_minute(self, kind: str) -> int:
        now = int(self._clock())
        with self._lock:
            return sum(count for at, count in self._slots[kind] if now - at < 60)

    def connection(self, delta: int) -> None:
        with self._lock:
            self.active += delta
