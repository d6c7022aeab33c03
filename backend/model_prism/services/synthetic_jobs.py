"""Background work of the synthetic tests: one daemon thread per job (a greenlet under gevent), state in the store.

The documents carry the state (status, progress, heartbeat), so a page reload or another admin sees it and
another worker process answers the same. A job whose heartbeat stops (its process died) reads as interrupted.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from ..models.base import utcnow

log = logging.getLogger(__name__)
#: longer than one slow generator/evaluator call (the chat read timeout), so a live job never reads as dead
STALE_AFTER = timedelta(minutes=12)
_threads: list[threading.Thread] = []


def launch(name: str, work: Callable[[], None], on_crash: Callable[[str], None]) -> threading.Thread:
    """Start `work` in the background; an unexpected exception is logged and handed to `on_crash`."""

    def guarded() -> None:
        try:
            work()
        except Exception as exc:  # noqa: BLE001 - a crashed job must end up failed in the store, not running
            log.exception("synthetic job %s crashed", name)
            on_crash(f"{type(exc).__name__}: {exc}"[:300])

    thread = threading.Thread(target=guarded, name=f"synthetic-{name}", daemon=True)
    _threads[:] = [t for t in _threads if t.is_alive()] + [thread]
    thread.start()
    return thread


def join_all(timeout: float = 10.0) -> bool:
    """Give True when every started job finished within the timeout (tests and graceful shutdown)."""
    for thread in list(_threads):
        thread.join(timeout)
    return not any(t.is_alive() for t in _threads)


def is_stale(heartbeat: datetime | None) -> bool:
    """Give True when a running job has not reported for longer than STALE_AFTER."""
    return heartbeat is not None and utcnow() - heartbeat.replace(tzinfo=None) > STALE_AFTER


def shown_status(status: str | None, heartbeat: datetime | None) -> str:
    """Give the status to show: running/cancelling jobs whose heartbeat stopped read as interrupted."""
    if status in ("running", "cancelling") and is_stale(heartbeat):
        return "interrupted"
    return status or "done"
