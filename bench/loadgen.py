"""Fixed-concurrency load through wrk (Debian's wrk 4) with a Lua script; gives one LoadResult per run."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
from dataclasses import dataclass, field

import orjson

# X-Forwarded-For addresses cycled per request (0: none); run.py sets it from --client-ips
CLIENT_IPS = 0
LUA_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wrk_post.lua")


@dataclass(frozen=True)
class LoadResult:
    """What one load run measured; latencies in milliseconds, CPU in seconds."""

    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    loadgen_cpu_s: float
    detail: dict = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def find_wrk() -> str | None:
    """Give the wrk binary's path, or None (install it with: apt-get install -y wrk)."""
    return shutil.which("wrk")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_wrk(
    url: str,
    body_file: str,
    headers: list[str],
    concurrency: int,
    seconds: float,
    wrk: str = "wrk",
    client_ips: int | None = None,
) -> LoadResult:
    """Run wrk at a fixed number of connections for `seconds` and parse its JSON summary line."""
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError("load only goes to 127.0.0.1")
    threads = max(1, min(2, concurrency))
    argv = [wrk, f"-t{threads}", f"-c{concurrency}", f"-d{max(1, round(seconds))}s", "--timeout", "30s"]
    for header in headers:
        argv += ["-H", header]
    argv += ["-s", LUA_SCRIPT, url]
    before = _children_cpu()
    env = {
        **os.environ,
        "BENCH_BODY_FILE": body_file,
        "BENCH_CLIENT_IPS": str(CLIENT_IPS if client_ips is None else client_ips),
    }
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=seconds + 60, check=False)
    cpu = _children_cpu() - before
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary (rc {done.returncode}): {done.stderr.strip()[:300]}")
    data = orjson.loads(line.removeprefix("BENCH_JSON "))
    errors = sum(data[k] for k in ("connect", "read", "write", "status", "timeout"))
    return LoadResult(
        requests=data["requests"] - data["status"],
        seconds=data["duration_us"] / 1e6,
        errors=errors,
        p50_ms=data["p50"] / 1000,
        p90_ms=data["p90"] / 1000,
        p99_ms=data["p99"] / 1000,
        loadgen_cpu_s=cpu,
        detail=data,
    )
