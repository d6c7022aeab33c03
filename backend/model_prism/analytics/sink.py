"""The batching analytics sink: a bounded queue drained by one background writer; never on the request path.

The writer shares the worker with the requests. On MongoDB a batch write mostly waits on the socket, and other
greenlets run meanwhile; on the embedded store it is all CPU in this process (about 0.2 ms for an auto-routed log
with its routing trace), so a flush of a few hundred logs held the worker for 10-35 ms every `flush_seconds`. With
`pause_seconds` > 0 a flush writes `batch_size` events at a time and lets the loop turn between batches, so a
request in flight waits for one small batch at most.

Failure policy: when the queue is full the event is dropped and counted (metric + log line), never silently.
A failed batch write is retried once, then the batch is dropped and counted.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

from .events import UsageEvent

log = logging.getLogger(__name__)


class AnalyticsSink:
    def __init__(
        self,
        writer: Callable[[list[UsageEvent]], None],
        *,
        maxsize: int = 50_000,
        batch_size: int = 500,
        flush_seconds: float = 0.5,
        pause_seconds: float = 0.0,
        on_drop: Callable[[int], None] | None = None,
    ) -> None:
        self._writer = writer
        self._queue: queue.Queue[UsageEvent] = queue.Queue(maxsize=maxsize)
        self._batch_size = batch_size
        self._flush_seconds = flush_seconds
        self._pause_seconds = pause_seconds
        self._on_drop = on_drop or (lambda n: None)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._write_lock = threading.Lock()
        self.dropped = 0
        self.written = 0

    def start(self) -> None:
        """Start the background writer (a greenlet once gevent has patched threading)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="analytics-sink", daemon=True)
            self._thread.start()

    def submit(self, event: UsageEvent) -> None:
        """Queue one event without blocking."""
        try:
            self._queue.put_nowait(event)
        except queue.Full:
            self._drop(1, "queue full")

    def pending(self) -> int:
        return self._queue.qsize()

    def flush(self) -> int:
        """Write everything queued when it is called (events queued meanwhile wait for the next flush); give
        the number written."""
        left, total = self._queue.qsize(), 0
        while left > 0:
            batch = self._take(min(self._batch_size, left))
            if not batch:
                break
            if total and self._pause_seconds:
                time.sleep(self._pause_seconds)  # under gevent: a turn of the loop for the requests in flight
            self._write(batch)
            total += len(batch)
            left -= len(batch)
        return total

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the writer and drain the queue (graceful shutdown)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        while self.flush():  # requests that finish while it writes queue more
            pass

    def _take(self, limit: int) -> list[UsageEvent]:
        batch = []
        while len(batch) < limit:
            try:
                batch.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return batch

    def _write(self, batch: list[UsageEvent]) -> None:
        with self._write_lock:
            for attempt in (1, 2):
                try:
                    self._writer(batch)
                    self.written += len(batch)
                    return
                except Exception:  # noqa: BLE001 - any store failure; retried once, then one by one
                    log.exception("analytics batch write failed (attempt %d, %d events)", attempt, len(batch))
                    time.sleep(0.2)
            if len(batch) == 1:
                self._drop(1, "write failed")
                return
            for event in batch:  # a store outage drops them all; one unstorable event drops only itself
                try:
                    self._writer([event])
                    self.written += 1
                except Exception:  # noqa: BLE001
                    self._drop(1, f"write failed for request {event.request_id}")

    def _drop(self, n: int, why: str) -> None:
        self.dropped += n
        self._on_drop(n)
        log.error("analytics dropped %d event(s): %s", n, why)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._stop.wait(self._flush_seconds)
            try:
                self.flush()
            except Exception:  # noqa: BLE001 - keep the writer alive
                log.exception("analytics flush loop error")
