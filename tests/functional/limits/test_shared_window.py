"""Two limiters with their own caches ("two processes") sharing the `ratelimits` collection of one store."""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime

import pytest

from model_prism.limits.counters import MemoryCounter
from model_prism.limits.shared_counter import FailoverCounter, MongoCounter
from model_prism.limits.tenant_rate import TenantRateLimiter
from model_prism.limits.window import bucket_of
from model_prism.models import RateLimitBucket

T0 = 1_800_000_000.0 - (1_800_000_000 % 60)


class Clock:
    def __init__(self, t: float) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def process(clock) -> TenantRateLimiter:
    """One worker's limiter: its own previous-bucket cache and local fallback, the shared collection."""
    return TenantRateLimiter(FailoverCounter(MongoCounter(RateLimitBucket._get_collection)), clock=clock)


def test_two_processes_enforce_one_tenant_limit_together(state):
    clock = Clock(T0 + 10)
    a, b = process(clock), process(clock)
    admitted = [lim.admit_request("tenant1", 50).allowed for _ in range(40) for lim in (a, b)]
    assert admitted.count(True) == 50 and admitted[:50] == [True] * 50
    doc = RateLimitBucket._get_collection().find_one({"_id": f"tenant1:rpm:{bucket_of(clock.t)}"})
    assert doc["count"] == 50  # refused requests gave their slot back
    assert doc["expiresAt"].replace(tzinfo=UTC) == datetime.fromtimestamp(T0 + 60 + 120, UTC)
    # the next minute: both see the previous bucket (50, weighted 0.75 at 15 s)
    clock.t = T0 + 60 + 15
    later = [lim.admit_request("tenant1", 50).allowed for _ in range(10) for lim in (a, b)]
    assert later.count(True) == 12  # 37.5 + n <= 50
    assert not a.counter.degraded and not b.counter.degraded


def test_without_the_shared_store_each_process_admits_the_whole_limit(state):
    clock = Clock(T0 + 10)
    a = TenantRateLimiter(MemoryCounter(), clock=clock)
    b = TenantRateLimiter(MemoryCounter(), clock=clock)
    admitted = [lim.admit_request("tenant1", 50).allowed for _ in range(40) for lim in (a, b)]
    assert admitted.count(True) == 80  # the control: per-process windows double the limit


def test_tokens_recorded_by_one_process_limit_the_other(state):
    clock = Clock(T0 + 30)
    a, b = process(clock), process(clock)
    a.record_tokens("tenant1", 9_000)
    refused = b.admit_tokens("tenant1", 10_000, 2_000)
    assert not refused.allowed and refused.used == 9_000
    assert b.admit_tokens("tenant1", 10_000, 500).allowed


def test_ttl_index_on_expires_at(state):
    indexes = RateLimitBucket._get_collection().index_information()
    ttl = [i for i in indexes.values() if i.get("expireAfterSeconds") == 0]
    assert ttl and ttl[0]["key"] == [("expiresAt", 1)]


@pytest.mark.skipif(
    not os.environ.get("MONGODB_URI", "").startswith("mongodb"),
    reason="needs a real MongoDB (MONGODB_URI): the embedded store is not thread-safe, so truly concurrent "
    "$inc from two pools of threads can only be shown against mongod",
)
def test_concurrent_threads_of_two_processes_against_real_mongodb(state):
    clock = Clock(T0 + 10)
    a, b = process(clock), process(clock)
    results: list[bool] = []
    lock = threading.Lock()

    def hammer(lim):
        for _ in range(25):
            ok = lim.admit_request("tenant-concurrent", 100).allowed
            with lock:
                results.append(ok)

    pool = [threading.Thread(target=hammer, args=(lim,)) for lim in (a, b) for _ in range(8)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(30)
    assert results.count(True) == 100 and len(results) == 400


def test_get_many_gives_each_buckets_total_in_the_order_asked(state):
    counter = MongoCounter(RateLimitBucket._get_collection)
    now = bucket_of(time.time())  # live buckets (an old one would already be past its TTL)
    counter.add("tenant1:rpm", now - 2, 3)
    counter.add("tenant1:rpm", now, 2)
    counter.add("tenant2:rpm", now - 1, 9)  # another key's bucket is not read
    assert counter.get_many("tenant1:rpm", (now, now - 1, now - 2)) == (2, 0, 3)
    both = (counter.get("tenant1:rpm", now - 2), counter.get("tenant1:rpm", now))
    assert counter.get_many("tenant1:rpm", (now - 2, now)) == both
    assert counter.get_many("tenant1:rpm", ()) == ()
