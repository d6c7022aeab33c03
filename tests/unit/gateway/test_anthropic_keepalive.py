"""Keep-alive pings for idle Anthropic streams (gevent greenlets, as in the gunicorn gevent worker)."""

from __future__ import annotations

import gevent
import pytest

from model_prism.gateway.anthropic.keepalive import with_keepalive


def slow_source(closed: list, pause: float = 0.35):
    try:
        yield "chunk", {"n": 1}
        gevent.sleep(pause)
        yield "chunk", {"n": 2}
    finally:
        closed.append(True)


def test_pings_fill_the_silence_and_events_keep_their_order():
    closed: list = []
    out = list(with_keepalive(slow_source(closed), interval=0.1, enabled=True))
    kinds = [k for k, _ in out]
    assert kinds[0] == "chunk" and kinds[-1] == "chunk"
    assert 2 <= kinds.count("ping") <= 4
    assert [d["n"] for k, d in out if k == "chunk"] == [1, 2] and closed == [True]


def test_closing_the_response_closes_the_upstream_while_it_waits():
    closed: list = []
    stream = with_keepalive(slow_source(closed, pause=5), interval=0.05, enabled=True)
    assert next(stream) == ("chunk", {"n": 1})
    assert next(stream) == ("ping", {})
    stream.close()
    assert closed == [True]


def test_a_failing_upstream_raises_in_the_response():
    def broken():
        yield "chunk", {}
        raise RuntimeError("relay bug")

    with pytest.raises(RuntimeError, match="relay bug"):
        list(with_keepalive(broken(), interval=1, enabled=True))


def test_without_cooperative_sockets_events_pass_straight_through():
    closed: list = []
    out = list(with_keepalive(slow_source(closed, pause=0), interval=0.0001, enabled=False))
    assert out == [("chunk", {"n": 1}), ("chunk", {"n": 2})]
