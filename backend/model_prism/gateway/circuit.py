"""Per-provider circuit breaker of one process (spec gateway §13.5): open after 5 consecutive failures,
half-open 60 s after the last failure with 2 trial requests, closed again on any success."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

FAILURE_THRESHOLD = 5
OPEN_SECONDS = 60.0
HALF_OPEN_TRIALS = 2


@dataclass
class _Circuit:
    state: str = "closed"
    failures: int = 0
    last_failure: float = 0.0
    trials: int = 0
    results: deque = field(default_factory=lambda: deque(maxlen=100))


class CircuitBreaker:
    def __init__(
        self, clock: Callable[[], float] = time.monotonic, on_open: Callable[[str], None] | None = None
    ) -> None:
        self._clock = clock
        self._circuits: dict[str, _Circuit] = {}
        self._lock = threading.Lock()
        self._listeners: list[Callable[[str], None]] = [on_open] if on_open else []

    def _get(self, provider_id: str) -> _Circuit:
        return self._circuits.setdefault(provider_id, _Circuit())

    def allow(self, provider_id: str) -> bool:
        """Give True when a request may go to the provider now."""
        with self._lock:
            c = self._get(provider_id)
            if c.state == "open" and self._clock() - c.last_failure >= OPEN_SECONDS:
                c.state, c.trials = "half_open", 0
            if c.state == "half_open":
                if c.trials >= HALF_OPEN_TRIALS:
                    return False
                c.trials += 1
                return True
            return c.state == "closed"

    def success(self, provider_id: str) -> None:
        with self._lock:
            c = self._get(provider_id)
            c.state, c.failures, c.trials = "closed", 0, 0
            c.results.append((self._clock(), True))

    def failure(self, provider_id: str) -> None:
        opened = False
        with self._lock:
            c = self._get(provider_id)
            c.failures += 1
            c.last_failure = self._clock()
            c.results.append((c.last_failure, False))
            if c.state == "half_open" or (c.state == "closed" and c.failures >= FAILURE_THRESHOLD):
                opened = c.state != "open"
                c.state = "open"
        if opened:
            for listener in self._listeners:
                listener(provider_id)

    def on_open(self, listener: Callable[[str], None]) -> None:
        """Call the listener whenever a provider's circuit opens (provider_down webhooks)."""
        self._listeners.append(listener)

    def snapshot(self) -> dict[str, dict]:
        """Give each provider's state, consecutive failures and error rate over the last 5 minutes."""
        now = self._clock()
        out = {}
        with self._lock:
            for pid, c in self._circuits.items():
                recent = [ok for t, ok in c.results if now - t <= 300]
                rate = round(100 * recent.count(False) / len(recent), 1) if recent else 0.0
                out[pid] = {
                    "state": c.state,
                    "failures": c.failures,
                    "errorRatePct": rate,
                    "samples": len(recent),
                }
        return out
