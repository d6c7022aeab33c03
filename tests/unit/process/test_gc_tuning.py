"""The worker's collector settings: the start-up heap frozen, the thresholds set; 'python' leaves CPython's."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest

from model_prism.process.gc_tuning import (
    DEFAULT_THRESHOLDS,
    SurvivorFreezer,
    parse_thresholds,
    start_freezer,
    tune,
)


@pytest.fixture
def restore_gc():
    before = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)
    gc.collect()


def test_tune_freezes_what_exists_and_sets_the_thresholds(restore_gc):
    survivor = [object() for _ in range(10)]
    tune((12_345, 67, 89))
    assert gc.get_threshold() == (12_345, 67, 89)
    assert gc.get_freeze_count() >= len(survivor)


def test_python_leaves_the_collector_alone(restore_gc):
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    tune(parse_thresholds("python"))
    assert gc.get_threshold() == before and gc.get_freeze_count() == frozen


@pytest.mark.parametrize("bad", ["1,2", "a,b,c", "1,2,-3", "0,1,1", "1,2,3,4"])
def test_bad_values_are_refused(bad):
    with pytest.raises(ValueError):
        parse_thresholds(bad)


def test_empty_gives_the_default():
    assert parse_thresholds("") == DEFAULT_THRESHOLDS


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def _cycle() -> weakref.ref:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def test_a_tick_collects_young_garbage_then_freezes_the_survivors(restore_gc):
    freezer = SurvivorFreezer(growth=1e9)
    garbage = _cycle()
    survivors = [_Node() for _ in range(50)]
    before = gc.get_freeze_count()
    freezer.tick()
    assert garbage() is None  # the young collection ran before the freeze
    assert gc.get_freeze_count() >= before + len(survivors)
    assert gc.get_count()[0] < 50  # nothing waits in the young generation


def test_garbage_among_frozen_objects_goes_at_the_next_clean_up(restore_gc):
    freezer = SurvivorFreezer(growth=1e9)
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    ref = weakref.ref(a)
    freezer.tick()  # the pair is alive: frozen
    del a, b
    freezer.tick()
    gc.collect()  # a collection never looks at frozen objects
    assert ref() is not None and freezer.cleanups == 0

    freezer.growth, freezer.baseline = 1.0, 1  # the heap "grew": clean up
    freezer.tick()
    assert ref() is None and freezer.cleanups == 1
    assert freezer.baseline >= freezer.floor


def test_start_freezer_ticks_until_stopped(restore_gc):
    ticks = threading.Event()
    count = []

    class Counting(SurvivorFreezer):
        def tick(self) -> None:
            count.append(1)
            if len(count) >= 2:
                ticks.set()

    stop = start_freezer(0.01, Counting())
    try:
        assert ticks.wait(5)
    finally:
        stop()
    seen = len(count)
    threading.Event().wait(0.05)
    assert len(count) <= seen + 1  # at most the tick that was under way
