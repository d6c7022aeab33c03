"""Per-process background work: config watcher, pod heartbeat, cluster-wide singleton jobs."""
