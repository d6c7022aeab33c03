"""Shared counters for login throttling and per-IP admin rate limits (limits/shared_counter.MongoCounter buckets).

Each limit is a sliding window over two adjacent fixed buckets: the previous bucket counts weighted by the part
of it still inside the window, rounded up, so a burst cannot restart at a bucket boundary (ten failed logins
just before it still lock the account just after it) and an old failure keeps counting until it has fully left.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from ..errors import PrismError
from ..limits.shared_counter import MongoCounter
from ..limits.window import bucket_of, weighted_use
from ..models import RateLimitBucket

AUTH_MESSAGE = "Too many login attempts, please try again later."
ADMIN_MESSAGE = "Too many requests, please slow down."


@dataclass(frozen=True)
class Limit:
    """At most `count` events per `window` seconds for one key."""

    name: str
    count: int
    window: int


AUTH_PER_IP = Limit("auth-ip", 20, 60)
ADMIN_PER_IP = Limit("admin-ip", 300, 60)
FAILED_LOGINS_PER_USER = Limit("login-user", 10, 900)
FAILED_LOGINS_PER_IP = Limit("login-ip", 30, 900)


class TooManyRequests(PrismError):
    status, code = 429, "too_many_requests"


def _counter(limit: Limit) -> MongoCounter:
    """Give the shared bucket counter of a limit (the `ratelimits` collection; buckets of `limit.window` seconds)."""
    return MongoCounter(RateLimitBucket._get_collection, timeout_seconds=None, window=limit.window)


def _total(limit: Limit, previous: int, current: int, now: float) -> int:
    """Give the sliding-window count: the previous bucket's weighted share, rounded up, plus the current bucket."""
    return math.ceil(weighted_use(previous, 0, now, limit.window) - 1e-9) + current


def hit(limit: Limit, key: str) -> int:
    """Count one event and give the sliding window's total including it (all processes together)."""
    now = time.time()
    index, counter, name = bucket_of(now, limit.window), _counter(limit), f"{limit.name}:{key}"
    count = counter.add(name, index, 1)
    return _total(limit, counter.get(name, index - 1), count, now)


def current(limit: Limit, key: str) -> int:
    """Give the sliding window's total without counting anything."""
    now = time.time()
    index = bucket_of(now, limit.window)
    previous, current_count = _counter(limit).get_many(f"{limit.name}:{key}", (index - 1, index))
    return _total(limit, previous, current_count, now)


def enforce(limit: Limit, key: str, message: str) -> None:
    """Count one event and raise 429 when the window's limit is passed."""
    if hit(limit, key) > limit.count:
        raise TooManyRequests(message)


def check_login_allowed(username: str, ip: str) -> None:
    """Refuse a login attempt while the user or the IP has too many recent failures."""
    if current(FAILED_LOGINS_PER_USER, username) >= FAILED_LOGINS_PER_USER.count or (
        current(FAILED_LOGINS_PER_IP, ip) >= FAILED_LOGINS_PER_IP.count
    ):
        raise TooManyRequests(AUTH_MESSAGE)


def record_login_failure(username: str, ip: str) -> None:
    hit(FAILED_LOGINS_PER_USER, username)
    hit(FAILED_LOGINS_PER_IP, ip)
