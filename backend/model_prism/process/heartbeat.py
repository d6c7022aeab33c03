"""Pod heartbeat: every process upserts its `podmetrics` document every 30 s (TTL 90 s removes silent ones)."""

from __future__ import annotations

import os
import resource
import socket
import time
import uuid

from .. import __version__
from ..models import PodMetrics
from ..models.base import utcnow
from .counters import TrafficCounters

INTERVAL_SECONDS = 30.0


def _cgroup_limit_mb() -> float | None:
    for path in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            with open(path) as fh:
                raw = fh.read().strip()
        except OSError:
            continue
        if raw.isdigit() and int(raw) < 1 << 60:
            return round(int(raw) / 1048576, 1)
    return None


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm") as fh:
            return round(int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576, 1)
    except OSError:
        return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class Heartbeat:
    def __init__(self, role: str, counters: TrafficCounters) -> None:
        self.pod_id = str(uuid.uuid4())
        self.role = role
        self.counters = counters
        self.started = utcnow()
        self._t0 = time.monotonic()
        self._cpu = os.times()
        self._wall = time.monotonic()

    def metrics(self) -> dict:
        """Give this process's figures for the system page."""
        cpu, wall = os.times(), time.monotonic()
        user_ms = (cpu.user - self._cpu.user) * 1000
        sys_ms = (cpu.system - self._cpu.system) * 1000
        elapsed_ms = max((wall - self._wall) * 1000, 1)
        self._cpu, self._wall = cpu, wall
        lag_start = time.perf_counter()
        time.sleep(0)  # a cooperative yield under gevent: its delay is the event-loop lag
        c = self.counters
        return {
            "version": __version__,
            "rssMb": _rss_mb(),
            "heapUsedMb": _rss_mb(),
            "heapTotalMb": _cgroup_limit_mb(),
            "cpuUser": round(user_ms), "cpuSystem": round(sys_ms),
            "cpuPct": round(100 * (user_ms + sys_ms) / elapsed_ms, 1),
            "eventLoopLagMs": round((time.perf_counter() - lag_start) * 1000, 2),
            "reqPerMin": c.per_minute("requests"), "blockedPerMin": c.per_minute("blocked"),
            "errorsPerMin": c.per_minute("errors"), "activeConnections": c.active,
            "uptimeSeconds": round(time.monotonic() - self._t0),
        }  # fmt: skip

    def beat(self) -> None:
        PodMetrics.objects(podId=self.pod_id).update_one(
            set__role=self.role,
            set__hostname=socket.gethostname(),
            set__pid=os.getpid(),
            set__startedAt=self.started,
            set__metrics=self.metrics(),
            set__updatedAt=utcnow(),
            upsert=True,
        )
