"""What one process holds: the gateway service, the snapshot, the sink and the embedded-store persistence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .analytics.sink import AnalyticsSink
from .config import Config
from .gateway.runtime import Gateway
from .snapshot.holder import SnapshotHolder
from .store import EmbeddedSnapshot


@dataclass
class PrismState:
    config: Config
    holder: SnapshotHolder
    sink: AnalyticsSink
    gateway: Gateway
    embedded: EmbeddedSnapshot | None = None
    counters: Any = None  # process.counters.TrafficCounters
    heartbeat: Any = None  # process.heartbeat.Heartbeat
    watcher: Any = None  # process.watcher.ConfigWatcher once started
    limits: Any = None  # limits.service.Limits
    gateway_routes: dict[tuple[str, str], Callable] = field(default_factory=dict)
    background: list = field(default_factory=list)
    started: bool = False
