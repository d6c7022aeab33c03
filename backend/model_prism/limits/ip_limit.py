"""Per-client-IP limiter of the whole gateway namespace (600 requests / 60 s) with draft-7 RateLimit headers.

In-process sliding window (two adjacent buckets), one per worker: with N workers an IP can send up to
N × limit before every worker refuses it. It never touches the store, so it cannot fail on I/O.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .counters import MemoryCounter
from .window import WindowDecision, bucket_of, decide, elapsed_fraction

IP_LIMIT = 600
IP_WINDOW_SECONDS = 60


class IpLimiter:
    """Counts requests per client IP over a sliding window; refused requests do not count."""

    def __init__(
        self,
        limit: int = IP_LIMIT,
        window: int = IP_WINDOW_SECONDS,
        *,
        clock: Callable[[], float] = time.time,
        counter: MemoryCounter | None = None,
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._counter = counter or MemoryCounter()

    def admit(self, ip: str) -> WindowDecision:
        """Give the decision for one more request from `ip`."""
        now = self._clock()
        bucket = bucket_of(now, self.window)
        previous = self._counter.get(ip, bucket - 1)
        current = self._counter.add(ip, bucket, 1)
        decision = decide(previous, current - 1, now, self.limit, 1, self.window)
        if not decision.allowed:
            self._counter.add(ip, bucket, -1)
        return decision

    def headers(self, decision: WindowDecision) -> dict[str, str]:
        """Give the IETF draft-7 `RateLimit` / `RateLimit-Policy` fields (plus `Retry-After` when refused)."""
        if decision.allowed:
            remaining = max(0, decision.remaining - 1)
            reset = max(1, round(self.window * (1 - elapsed_fraction(self._clock(), self.window))))
        else:
            remaining, reset = 0, decision.retry_after
        headers = {
            "RateLimit-Policy": f"{self.limit};w={self.window}",
            "RateLimit": f"limit={self.limit}, remaining={remaining}, reset={reset}",
        }
        if not decision.allowed:
            headers["Retry-After"] = str(decision.retry_after)
        return headers
