"""The shared counter's fail-open policy: slow (> 50 ms) or failing store -> in-process windows, logged."""

import logging

from model_prism.limits.counters import MemoryCounter
from model_prism.limits.shared_counter import FailoverCounter


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


class ScriptedStore:
    """A shared counter whose calls take `delay` seconds of the fake clock, or raise."""

    def __init__(self, clock: Clock) -> None:
        self.clock, self.delay, self.error = clock, 0.0, None
        self.inner = MemoryCounter()
        self.calls = 0

    def add(self, key, bucket, amount):
        return self._run(lambda: self.inner.add(key, bucket, amount))

    def get(self, key, bucket):
        return self._run(lambda: self.inner.get(key, bucket))

    def _run(self, fn):
        self.calls += 1
        self.clock.t += self.delay
        if self.error:
            raise self.error
        return fn()


def test_fast_store_answers_for_all_processes():
    clock = Clock()
    store = ScriptedStore(clock)
    store.inner.add("k", 1, 7)  # another process's writes
    counter = FailoverCounter(store, clock=clock)
    assert counter.add("k", 1, 1) == 8
    assert counter.get("k", 1) == 8 and not counter.degraded


def test_slow_store_switches_to_local_windows_for_the_cooldown(caplog):
    clock = Clock()
    store = ScriptedStore(clock)
    counter = FailoverCounter(store, clock=clock, slow_seconds=0.05, cooldown_seconds=10)
    store.inner.add("k", 1, 50)
    store.delay = 0.08
    with caplog.at_level(logging.WARNING, logger="model_prism.limits.shared_counter"):
        assert counter.add("k", 1, 1) == 51  # the slow answer itself is still used
        store.delay = 0.0
        calls = store.calls
        assert counter.add("k", 1, 1) == 2  # local: this process's own two requests
        assert store.calls == calls  # the store is not asked during the cooldown
    assert counter.degraded and counter.fallbacks == 1
    assert sum("slow: 80 ms" in r.getMessage() for r in caplog.records) == 1
    clock.t += 10.1
    assert counter.add("k", 1, 1) == 52 and not counter.degraded


def test_failing_store_fails_open_and_logs_once(caplog):
    clock = Clock()
    store = ScriptedStore(clock)
    store.error = ConnectionError("no primary")
    counter = FailoverCounter(store, clock=clock)
    with caplog.at_level(logging.WARNING, logger="model_prism.limits.shared_counter"):
        values = [counter.add("k", 1, 1) for _ in range(3)]
    assert values == [1, 2, 3]
    assert sum("failed: ConnectionError" in r.getMessage() for r in caplog.records) == 1
