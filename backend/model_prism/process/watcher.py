"""Config watcher: MongoDB change streams where the server is a replica set (< 500 ms), polling the shared config
version otherwise; either way the worker's snapshot is invalidated and rebuilt."""

from __future__ import annotations

import logging
import threading

from ..snapshot.holder import SnapshotHolder
from ..store import database

log = logging.getLogger(__name__)
WATCHED = (
    "tenants",
    "providers",
    "routingcategories",
    "routingrulesets",
    "configversions",
    "logconfigs",
    "systemconfigs",
)


def supports_change_streams() -> bool:
    """Give True when the server is a replica set member (change streams need one)."""
    try:
        return bool(database().command("hello").get("setName"))
    except Exception:  # noqa: BLE001 - embedded store or old server: no change streams
        return False


class ConfigWatcher:
    def __init__(self, holder: SnapshotHolder, poll_seconds: float, stop: threading.Event) -> None:
        self.holder = holder
        self.poll_seconds = poll_seconds
        self.stop = stop
        self.mode = "polling"
        self.on_change: list = []  # callables run after each observed change (e.g. apply the stored log level)

    def _changed(self) -> None:
        for hook in self.on_change:
            try:
                hook()
            except Exception:  # noqa: BLE001 - a hook failure must not stop watching
                log.exception("config change hook failed")

    def run(self) -> None:
        if supports_change_streams():
            self.mode = "change_streams"
            self._watch()
        self.mode = "polling"
        self._poll()

    def _watch(self) -> None:
        pipeline = [{"$match": {"ns.coll": {"$in": list(WATCHED)}}}]
        while not self.stop.is_set():
            try:
                with database().watch(pipeline, max_await_time_ms=1000) as stream:
                    while not self.stop.is_set():
                        change = stream.try_next()
                        if change is not None:
                            self.holder.invalidate()
                            self.holder.refresh()
                            self._changed()
            except Exception:  # noqa: BLE001 - fall back to polling when the stream fails
                log.exception("change stream failed; falling back to polling")
                return

    def _poll(self) -> None:
        while not self.stop.wait(self.poll_seconds):
            try:
                if self.holder.poll_once():
                    self._changed()
            except Exception:  # noqa: BLE001 - the next poll retries
                log.exception("config poll failed")
