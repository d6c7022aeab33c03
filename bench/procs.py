"""Processes the harness starts: launch in their own group, wait for a port, stop; RSS and CPU from /proc."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def free_port() -> int:
    """Give a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Managed:
    """A started process (and its process group) with the log file its output goes to."""

    name: str
    proc: subprocess.Popen
    log_path: str

    def alive(self) -> bool:
        return self.proc.poll() is None

    def log_tail(self, lines: int = 15) -> str:
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as log:
                return "".join(log.readlines()[-lines:])
        except OSError:
            return ""

    def stop(self, grace_s: float = 5.0) -> None:
        """Stop the process group this harness started: SIGTERM, then SIGKILL after the grace period."""
        if self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=grace_s)
        except ProcessLookupError:
            pass


def launch(name: str, argv: list[str], env: dict[str, str], log_dir: str, cwd: str | None = None) -> Managed:
    """Start argv in a new session (own process group) with output to <log_dir>/<name>.log."""
    log_path = os.path.join(log_dir, f"{name}.log")
    log = open(log_path, "wb")  # noqa: SIM115 - the child keeps writing after this returns
    proc = subprocess.Popen(
        argv,
        env=env,
        cwd=cwd,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    log.close()
    return Managed(name, proc, log_path)


def wait_for_port(managed: Managed, port: int, timeout_s: float) -> None:
    """Return once 127.0.0.1:port accepts connections; otherwise stop the process and raise RuntimeError."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not managed.alive():
            raise RuntimeError(f"{managed.name} exited with {managed.proc.returncode}:\n{managed.log_tail()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    managed.stop()
    raise RuntimeError(
        f"{managed.name} did not listen on {port} within {timeout_s:.0f}s:\n{managed.log_tail()}"
    )


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                kids += [int(k) for k in handle.read().split()]
    except OSError:
        pass
    return kids


def process_tree(root: int) -> list[int]:
    """Give root and all its descendants (bounded walk)."""
    tree, frontier = [root], [root]
    for _ in range(8):
        frontier = [kid for pid in frontier for kid in _children(pid)]
        if not frontier:
            break
        tree += frontier
    return tree


def workers(root: int) -> list[int]:
    """Give the processes that serve requests: the leaves of the tree (gunicorn workers), else the root."""
    tree = process_tree(root)
    leaves = [pid for pid in tree if not _children(pid)]
    return [pid for pid in leaves if pid != root] or [root]


def rss_mb(pid: int) -> float:
    """Give a process's resident set size in MiB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE_SIZE / 2**20
    except (OSError, IndexError, ValueError):
        return 0.0


def cpu_seconds(pids: list[int]) -> float:
    """Give the user+system CPU seconds these processes have used so far."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
    return total / CLOCK_TICKS
