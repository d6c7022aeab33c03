"""The worker's garbage-collector settings: the start-up heap frozen, the generations collected less often.

A gateway worker allocates many short-lived objects per request and keeps a large long-lived heap (routing models,
the configuration snapshot, and with the embedded store its request logs). With CPython's default thresholds
(700, 10, 10) the collector ran often enough to take about a quarter of an auto-routed request's CPU in
`bench/` at 16 clients; freezing what start-up built (it lives as long as the process) and collecting the older
generations far less often cut that to about a tenth. The young generation is collected every 5,000 net
allocations: a young collection's pause grows with what it walks (20,000 objects: ~9 ms on the bench machine
with the embedded store's logs among them, 5,000: under 6 ms) and its cost per object is lower when it is small,
so the total stayed the same or fell (in-process, 36,000 auto-routed requests: 1.24 s at 20,000, 0.90 s at 5,000).
Objects freed by reference counting are unaffected; only cyclic garbage waits longer, bounded by the thresholds.
"""

from __future__ import annotations

import gc
import logging
import sys
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

DEFAULT_THRESHOLDS = (5_000, 100, 100)


def parse_thresholds(value: str) -> tuple[int, int, int] | None:
    """Give the thresholds of "g0,g1,g2" (positive integers), None for "python" (CPython's own); raise ValueError."""
    text = value.strip().lower()
    if not text:
        return DEFAULT_THRESHOLDS
    if text == "python":
        return None
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 3 or not all(p.isdigit() and int(p) > 0 for p in parts):
        raise ValueError("three positive integers g0,g1,g2 (or 'python' for CPython's defaults)")
    g0, g1, g2 = (int(p) for p in parts)
    return g0, g1, g2


def tune(thresholds: tuple[int, int, int] | None) -> None:
    """Apply the settings once the application is built: collect, freeze the survivors, set the thresholds."""
    if thresholds is None:
        return
    gc.collect()
    gc.freeze()
    gc.set_threshold(*thresholds)


class SurvivorFreezer:
    """With the embedded store: every `interval` seconds, what survived a young collection is frozen too.

    The embedded store keeps its request logs (tens of containers each) in the worker, so the collector's middle
    and oldest generations fill with them and each of their collections walks up to millions of objects: pauses
    of hundreds of ms that land on whichever requests are in flight (the p99 of a busy worker). A tick runs a
    young collection (cyclic garbage of finished requests goes now) and freezes what is left: the stored logs
    and other long-lived objects leave the collector's view, and a log the store trims later is still freed by
    reference counting. Cyclic garbage that forms among frozen objects would wait for ever, so when the heap has
    grown `growth` times since the last clean-up, one full collection over everything runs (unfreeze, collect,
    freeze again): while the store fills, and whenever such garbage builds up.

    The heap's size is read from the allocator (`sys.getallocatedblocks`, about 1 ms for 7 million blocks), not from
    `gc.get_freeze_count`, which walks the whole frozen list: 33 ms for 2 million objects, a stall of every request
    in flight on each tick (a p99 spike every `interval` in bench/).
    """

    def __init__(self, growth: float = 2.0, floor: int = 1_000_000) -> None:
        self.growth = growth
        self.floor = floor  # allocated blocks: a started worker holds about half a million
        self.baseline = max(sys.getallocatedblocks(), floor)
        self.cleanups = 0

    def tick(self) -> None:
        """Freeze the survivors of a young collection; clean up everything once the heap has grown."""
        gc.collect(0)
        gc.freeze()
        if sys.getallocatedblocks() > self.baseline * self.growth:
            started = time.perf_counter()
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self.baseline = max(sys.getallocatedblocks(), self.floor)
            self.cleanups += 1
            log.info(
                "collector clean-up: a full collection in %.0f ms, %d blocks allocated after it",
                (time.perf_counter() - started) * 1000, self.baseline,
            )  # fmt: skip


def start_freezer(interval: float, freezer: SurvivorFreezer | None = None) -> Callable[[], None]:
    """Tick a SurvivorFreezer every `interval` seconds in a daemon thread (a greenlet under gevent); give stop()."""
    freezer = freezer or SurvivorFreezer()
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(interval):
            try:
                freezer.tick()
            except Exception:  # noqa: BLE001 - the collector keeps its own schedule if this ever fails
                log.exception("freezing the collector's survivors failed")

    threading.Thread(target=run, name="gc-freezer", daemon=True).start()
    return stop.set
