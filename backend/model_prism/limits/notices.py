"""Budget and quota notices for webhooks, each sent at most once per tenant, event, key and period."""

from __future__ import annotations

import logging
import threading
from typing import Protocol

log = logging.getLogger(__name__)


class Notifier(Protocol):
    """Delivers a webhook event (`budget_threshold`, `budget_exceeded`, `quota_warning`, `quota_exhausted`)."""

    def notify(self, event: str, tenant_id: str, payload: dict) -> None: ...


class NullNotifier:
    def notify(self, event: str, tenant_id: str, payload: dict) -> None:
        return None


class RecordingNotifier:
    """In-memory twin: keeps what would have been sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, dict]] = []

    def notify(self, event: str, tenant_id: str, payload: dict) -> None:
        self.sent.append((event, tenant_id, payload))


class OncePerPeriod:
    """Passes a notice on the first time its `(event, tenant, key, period)` is seen in this process."""

    def __init__(self, notifier: Notifier, max_keys: int = 10_000) -> None:
        self._notifier = notifier
        self._seen: set[tuple[str, str, str, str]] = set()
        self._max = max_keys
        self._lock = threading.Lock()

    def notify(self, event: str, tenant_id: str, key: str, period: str, payload: dict) -> bool:
        """Give True when the notice was passed on (first time), False when it was already sent."""
        mark = (event, tenant_id, key, period)
        with self._lock:
            if mark in self._seen:
                return False
            if len(self._seen) >= self._max:
                self._seen.clear()  # periods roll over; forgetting old marks only risks a repeat notice
            self._seen.add(mark)
        try:
            self._notifier.notify(event, tenant_id, payload)
        except Exception:  # noqa: BLE001 - a notice must never fail a request
            log.exception("limits notice %s failed", event)
        return True
