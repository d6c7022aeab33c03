"""Login and per-IP throttles count over a sliding window: a burst cannot restart at a bucket boundary."""

from __future__ import annotations

from datetime import UTC
from types import SimpleNamespace

import pytest

from model_prism.auth import throttle
from model_prism.models import RateLimitBucket

LIMIT = throttle.Limit("test", 10, 900)


@pytest.fixture
def clock(app, monkeypatch):
    now = SimpleNamespace(t=900 * 2_000_000.0)
    monkeypatch.setattr(throttle, "time", SimpleNamespace(time=lambda: now.t))
    return now


def test_a_burst_just_before_the_boundary_still_counts_just_after_it(clock):
    clock.t += 899.5  # half a second before the bucket ends
    totals = [throttle.hit(LIMIT, "ana") for _ in range(10)]
    assert totals == list(range(1, 11))
    clock.t += 1.0  # the next bucket: a fixed window would start again from zero
    assert throttle.current(LIMIT, "ana") == 10
    with pytest.raises(throttle.TooManyRequests):
        throttle.enforce(LIMIT, "ana", "slow down")
    assert throttle.current(LIMIT, "bob") == 0  # keys are counted apart


def test_the_previous_bucket_decays_linearly_and_a_part_left_still_counts(clock):
    for _ in range(10):
        throttle.hit(LIMIT, "ana")
    clock.t += 900 + 450  # half way into the next bucket: 10 x 0.5
    assert throttle.current(LIMIT, "ana") == 5
    clock.t += 449  # 10 x 1/900 of the old failures is still inside the window: rounded up, not lost
    assert throttle.current(LIMIT, "ana") == 1
    assert throttle.hit(LIMIT, "ana") == 2
    clock.t += 1  # the old bucket has left the window entirely
    assert throttle.current(LIMIT, "ana") == 1


def test_check_login_allowed_refuses_across_the_boundary_and_recovers_after_a_window(clock):
    clock.t += 899.9
    for _ in range(throttle.FAILED_LOGINS_PER_USER.count):
        throttle.record_login_failure("ana", "192.0.2.1")
    clock.t += 0.2
    with pytest.raises(throttle.TooManyRequests):
        throttle.check_login_allowed("ana", "192.0.2.9")
    clock.t += 900
    throttle.check_login_allowed("ana", "192.0.2.9")


def test_buckets_expire_only_after_they_can_no_longer_be_the_previous_bucket(clock):
    throttle.hit(LIMIT, "ana")
    doc = RateLimitBucket._get_collection().find_one({})
    start = int(clock.t // 900) * 900
    assert (
        doc["_id"] == f"test:ana:{start // 900}"
    )  # limits/shared_counter.MongoCounter's buckets: <key>:<index>
    assert doc["expiresAt"].replace(tzinfo=UTC).timestamp() == start + 2 * 900 + 60
