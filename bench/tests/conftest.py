"""Fixtures: a fake upstream and a bare proxy as real processes on loopback ports."""

from __future__ import annotations

import tempfile

import pytest

from bench import targets


@pytest.fixture(scope="module")
def log_dir():
    with tempfile.TemporaryDirectory(prefix="bench-test-") as directory:
        yield directory


@pytest.fixture(scope="module")
def upstream(log_dir):
    target = targets.start_upstream(log_dir, delay_ms=20, chunks=5, gap_ms=10, procs_n=1)
    yield target
    target.process.stop()


@pytest.fixture(scope="module")
def upstream_base(upstream):
    return upstream.chat_url.rsplit("/v1/", 1)[0]


@pytest.fixture(scope="module")
def bare(log_dir, upstream_base):
    target = targets.start_bare(log_dir, upstream_base, workers=1)
    yield target
    target.process.stop()
