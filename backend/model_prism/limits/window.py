"""Sliding-window arithmetic over two adjacent fixed buckets (pure; the counters live elsewhere)."""

from __future__ import annotations

import math
from dataclasses import dataclass

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class WindowDecision:
    """What one check found: whether the cost fits, the weighted use before it, and when to retry."""

    allowed: bool
    limit: int
    used: float  # weighted use of the window, this request excluded
    retry_after: int  # whole seconds; 0 when allowed

    @property
    def remaining(self) -> int:
        """Give the whole units still free in the window before this request."""
        return max(0, math.floor(self.limit - self.used))


def _whole_seconds(x: float) -> int:
    """Give ceil(x) at least 1, ignoring float noise (20.000000000000004 is 20)."""
    return max(1, math.ceil(x - 1e-9))


def bucket_of(now: float, window: int = WINDOW_SECONDS) -> int:
    """Give the index of the fixed bucket that contains `now` (epoch seconds)."""
    return int(now // window)


def elapsed_fraction(now: float, window: int = WINDOW_SECONDS) -> float:
    """Give how far `now` is into its bucket, 0.0 ≤ f < 1.0."""
    return (now % window) / window


def weighted_use(previous: float, current: float, now: float, window: int = WINDOW_SECONDS) -> float:
    """Give the sliding-window estimate: the previous bucket weighted by the part of it still in the window."""
    return previous * (1.0 - elapsed_fraction(now, window)) + current


def retry_after(
    previous: float, current: float, now: float, limit: float, cost: float, window: int = WINDOW_SECONDS
) -> int:
    """Give the whole seconds until `cost` more would fit, assuming no other traffic arrives meanwhile.

    Inside this bucket the previous bucket's weight decays linearly; after the boundary the current bucket
    becomes the previous one and decays the same way. A cost larger than the limit never fits: the answer
    is then one full window (the caller decides whether to let such a request through on an empty window).
    """
    f = elapsed_fraction(now, window)
    to_boundary = window * (1.0 - f)
    room_now = limit - current - cost
    if room_now >= 0 and previous > 0:
        needed_f = 1.0 - room_now / previous  # previous * (1 - f') <= room_now
        if needed_f <= f:
            return 0
        return _whole_seconds((needed_f - f) * window)
    room_next = limit - cost
    if room_next < 0:
        return _whole_seconds(to_boundary + window)
    if current <= room_next:
        return _whole_seconds(to_boundary)
    needed_g = 1.0 - room_next / current  # current * (1 - g) <= room_next
    return _whole_seconds(to_boundary + needed_g * window)


def decide(
    previous: float, current: float, now: float, limit: float, cost: float, window: int = WINDOW_SECONDS
) -> WindowDecision:
    """Give the decision for `cost` more units against `limit` over the sliding window (limit ≤ 0: unlimited)."""
    used = weighted_use(previous, current, now, window)
    if limit <= 0 or used + cost <= limit:
        return WindowDecision(True, int(limit), used, 0)
    return WindowDecision(False, int(limit), used, retry_after(previous, current, now, limit, cost, window))
