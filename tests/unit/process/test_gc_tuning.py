"""The worker's collector settings: the start-up heap frozen, the thresholds set; 'python' leaves CPython's."""

from __future__ import annotations

import gc

import pytest

from model_prism.process.gc_tuning import DEFAULT_THRESHOLDS, parse_thresholds, tune


@pytest.fixture
def restore_gc():
    before = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


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
