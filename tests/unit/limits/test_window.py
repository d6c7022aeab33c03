"""Sliding-window arithmetic and the tenant/IP limiters over an injected clock."""

import pytest

from model_prism.limits.counters import MemoryCounter
from model_prism.limits.ip_limit import IpLimiter
from model_prism.limits.tenant_rate import TenantRateLimiter
from model_prism.limits.window import bucket_of, decide, retry_after, weighted_use


class Clock:
    def __init__(self, t: float) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


T0 = 1_800_000_000.0 - (1_800_000_000 % 60)  # a bucket boundary


def test_weighted_use_decays_previous_bucket_linearly():
    assert weighted_use(10, 4, T0) == 14
    assert weighted_use(10, 4, T0 + 15) == pytest.approx(10 * 0.75 + 4)
    assert weighted_use(10, 4, T0 + 45) == pytest.approx(10 * 0.25 + 4)
    assert bucket_of(T0 + 59.9) == bucket_of(T0) and bucket_of(T0 + 60) == bucket_of(T0) + 1


def test_decide_allows_up_to_the_limit_and_zero_means_unlimited():
    assert decide(0, 9, T0, 10, 1).allowed
    refused = decide(0, 10, T0, 10, 1)
    assert not refused.allowed and refused.retry_after > 0
    assert decide(10_000, 10_000, T0, 0, 1).allowed


def test_retry_after_waits_for_previous_bucket_to_decay():
    # previous 10, current 5, limit 10, 30 s in: used 10. One more needs previous weight <= 4 -> f >= 0.6
    assert retry_after(10, 5, T0 + 30, 10, 1) == 6
    # current bucket full: wait for the boundary, then for the current bucket to decay enough
    assert retry_after(0, 10, T0 + 50, 10, 1) == 10 + 6
    # a cost above the limit never fits: one full window after the boundary
    assert retry_after(0, 0, T0 + 10, 10, 11) == 50 + 60


def test_retry_after_is_when_the_request_first_fits():
    prev, cur, limit = 60, 12, 40
    now = T0 + 20
    wait = retry_after(prev, cur, now, limit, 1)
    assert wait == 13
    assert not decide(prev, cur, now + wait - 1, limit, 1).allowed
    assert decide(prev, cur, now + wait, limit, 1).allowed


def test_tenant_requests_slide_across_the_bucket_boundary():
    clock = Clock(T0 + 50)
    limiter = TenantRateLimiter(MemoryCounter(), clock=clock)
    assert all(limiter.admit_request("t1", 10).allowed for _ in range(10))
    refused = limiter.admit_request("t1", 10)
    assert not refused.allowed and refused.retry_after == 10 + 6
    clock.t = T0 + 60 + 30  # previous bucket (10) weighs 0.5 -> 5 used
    results = [limiter.admit_request("t1", 10).allowed for _ in range(6)]
    assert results == [True] * 5 + [False]
    assert limiter.admit_request("other", 10).allowed  # tenants are independent


def test_refused_requests_do_not_consume_the_window():
    counter = MemoryCounter()
    limiter = TenantRateLimiter(counter, clock=Clock(T0 + 1))
    for _ in range(3):
        limiter.admit_request("t", 2)
    for _ in range(5):
        assert not limiter.admit_request("t", 2).allowed
    assert counter.get("t:rpm", bucket_of(T0)) == 2


def test_tokens_checked_by_estimate_and_counted_by_actual():
    clock = Clock(T0 + 5)
    limiter = TenantRateLimiter(MemoryCounter(), clock=clock)
    assert limiter.admit_tokens("t", 1000, 400).allowed
    limiter.record_tokens("t", 900)  # actual input + output
    refused = limiter.admit_tokens("t", 1000, 200)
    assert not refused.allowed and refused.used == 900 and refused.retry_after >= 55
    assert limiter.admit_tokens("t", 1000, 100).allowed
    # a single request larger than the whole limit passes on an empty window only
    assert limiter.admit_tokens("fresh", 1000, 5000).allowed
    assert not limiter.admit_tokens("t", 1000, 5000).allowed


def test_ip_limiter_headers_follow_draft_7():
    clock = Clock(T0 + 20)
    limiter = IpLimiter(limit=3, window=60, clock=clock)
    first = limiter.admit("10.0.0.1")
    assert limiter.headers(first) == {
        "RateLimit-Policy": "3;w=60",
        "RateLimit": "limit=3, remaining=2, reset=40",
    }
    limiter.admit("10.0.0.1")
    limiter.admit("10.0.0.1")
    refused = limiter.admit("10.0.0.1")
    assert not refused.allowed
    headers = limiter.headers(refused)
    # the full current bucket becomes the previous one at the boundary (40 s) and must decay by a third (20 s)
    assert headers["Retry-After"] == "60"
    assert headers["RateLimit"] == "limit=3, remaining=0, reset=60"
    assert limiter.admit("10.0.0.2").allowed


def test_memory_counter_forgets_buckets_that_left_the_window():
    counter = MemoryCounter(keep_buckets=2)
    for ip in range(100):
        counter.add(f"ip{ip}", 10, 1)
    counter.add("late", 13, 1)
    assert len(counter) == 1 and counter.get("late", 13) == 1
