"""Idle keep-alive for Anthropic streams: a `ping` event whenever the upstream has been silent for a while.

Needs gevent's cooperative sockets (the gunicorn gevent worker): the upstream is read in its own greenlet so the
response can send pings while that read waits. Without patched sockets the events pass straight through."""

from __future__ import annotations

from collections.abc import Iterator

PING_INTERVAL_S = 15.0
_END = object()


def cooperative() -> bool:
    """Give True when gevent has patched the socket module (reads in a greenlet do not block the worker)."""
    try:
        from gevent import monkey
    except ImportError:  # pragma: no cover - gevent is a dependency
        return False
    return monkey.is_module_patched("socket")


def with_keepalive(
    events: Iterator[tuple[str, dict]], interval: float = PING_INTERVAL_S, *, enabled: bool | None = None
) -> Iterator[tuple[str, dict]]:
    """Yield the events, plus ("ping", {}) after every `interval` seconds without one. Closing this generator
    (client gone) kills the reader, whose exit closes the upstream at once."""
    if not (cooperative() if enabled is None else enabled):
        yield from events
        return
    import gevent
    from gevent.queue import Empty, Queue

    queue: Queue = Queue()
    failure: list[Exception] = []

    def pump() -> None:
        try:
            for item in events:
                queue.put(item)
        except Exception as exc:  # handed to the response greenlet, which raises it there
            failure.append(exc)
        finally:
            close = getattr(events, "close", None)
            if close is not None:
                close()
            queue.put(_END)

    reader = gevent.spawn(pump)
    try:
        while True:
            try:
                item = queue.get(timeout=interval)
            except Empty:
                yield "ping", {}
                continue
            if item is _END:
                if failure:
                    raise failure[0]
                return
            yield item
    finally:
        reader.kill()
