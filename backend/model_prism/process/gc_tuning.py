"""The worker's garbage-collector settings: the start-up heap frozen, the generations collected less often.

A gateway worker allocates many short-lived objects per request and keeps a large long-lived heap (routing models,
the configuration snapshot, and with the embedded store its request logs). With CPython's default thresholds
(700, 10, 10) the collector ran often enough to take about a quarter of an auto-routed request's CPU in
`bench/` at 16 clients; collecting the young generations less often and freezing what start-up built (it lives as
long as the process) cut that to about a tenth. Objects freed by reference counting are unaffected; only cyclic
garbage waits longer, bounded by the thresholds.
"""

from __future__ import annotations

import gc

DEFAULT_THRESHOLDS = (20_000, 100, 100)


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
