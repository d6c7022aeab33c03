"""Shared counters for login throttling and per-IP admin rate limits (MongoDB buckets with a TTL)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

from pymongo import ReturnDocument

from ..errors import PrismError
from ..models import RateLimitBucket
from ..models.base import utcnow

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


def _bucket_id(limit: Limit, key: str, now: float) -> tuple[str, int]:
    start = int(now // limit.window) * limit.window
    return f"{limit.name}:{key}:{start}", start


def hit(limit: Limit, key: str) -> int:
    """Count one event in the current window and give the window's total (all processes together)."""
    bucket, start = _bucket_id(limit, key, time.time())
    expires = utcnow() + timedelta(seconds=limit.window * 2)
    doc = RateLimitBucket._get_collection().find_one_and_update(
        {"_id": bucket},
        {"$inc": {"count": 1}, "$setOnInsert": {"expiresAt": expires}},
        upsert=True,
        return_document=ReturnDocument.AFTER,
    )
    return int(doc["count"])


def current(limit: Limit, key: str) -> int:
    bucket, _ = _bucket_id(limit, key, time.time())
    doc = RateLimitBucket._get_collection().find_one({"_id": bucket}, {"count": 1})
    return int(doc["count"]) if doc else 0


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
