"""Per-tenant requests/min and tokens/min over sliding windows kept in a (shared) bucket counter."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from .counters import WindowCounter
from .window import WINDOW_SECONDS, WindowDecision, bucket_of, decide

REQUESTS = "rpm"
TOKENS = "tpm"


class TenantRateLimiter:
    """Admits requests and token estimates per tenant; the counter decides whether state is shared.

    Requests are counted with one atomic add before the decision, so two processes sharing a counter
    can never both take the last slot; a refused request gives its slot back. Tokens are checked against
    the window before the call and the actual count is added afterwards (`record_tokens`).
    """

    def __init__(
        self, counter: WindowCounter, *, clock: Callable[[], float] = time.time, window: int = WINDOW_SECONDS
    ) -> None:
        self.counter = counter
        self._clock = clock
        self._window = window
        self._closed: dict[str, int] = {}  # previous-bucket totals, fixed once their bucket has ended
        self._closed_bucket = -1
        self._lock = threading.Lock()

    def admit_request(self, tenant_id: str, limit: int) -> WindowDecision:
        """Give the decision for one more request against `limit` requests per window (0: unlimited)."""
        now = self._clock()
        if limit <= 0:
            return WindowDecision(True, 0, 0.0, 0)
        key, bucket = f"{tenant_id}:{REQUESTS}", bucket_of(now, self._window)
        previous = self._previous(key, bucket)
        current = self.counter.add(key, bucket, 1)
        decision = decide(previous, max(0, current - 1), now, limit, 1, self._window)
        if not decision.allowed:
            self.counter.add(key, bucket, -1)
        return decision

    def admit_tokens(self, tenant_id: str, limit: int, estimate: int) -> WindowDecision:
        """Give the decision for `estimate` input tokens against `limit` tokens per window (0: unlimited).

        A request larger than the whole limit passes when the window is empty; otherwise it could never run.
        """
        now = self._clock()
        if limit <= 0:
            return WindowDecision(True, 0, 0.0, 0)
        key, bucket = f"{tenant_id}:{TOKENS}", bucket_of(now, self._window)
        previous = self._previous(key, bucket)
        current = max(0, self.counter.get(key, bucket))
        decision = decide(previous, current, now, limit, estimate, self._window)
        if not decision.allowed and decision.used <= 0:
            return WindowDecision(True, limit, 0.0, 0)
        return decision

    def record_tokens(self, tenant_id: str, tokens: int) -> None:
        """Add the tokens a finished request actually used to the tenant's current window."""
        if tokens > 0:
            self.counter.add(f"{tenant_id}:{TOKENS}", bucket_of(self._clock(), self._window), int(tokens))

    def _previous(self, key: str, bucket: int) -> int:
        with self._lock:
            if bucket != self._closed_bucket:
                self._closed, self._closed_bucket = {}, bucket
            cached = self._closed.get(key)
        if cached is None:
            cached = max(0, self.counter.get(key, bucket - 1))
            with self._lock:
                if bucket == self._closed_bucket:
                    self._closed[key] = cached
        return cached
