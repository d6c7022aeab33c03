"""One measurement against one target: load (wrk or the stream probe) plus CPU and RSS sampled from /proc."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

import orjson

from bench import procs
from bench.loadgen import LoadResult, run_wrk
from bench.report import Row
from bench.targets import REPO_ROOT, Target


@dataclass(frozen=True)
class Sample:
    """A load result with the resources the target, the upstream and the load generator used meanwhile."""

    load: LoadResult
    cpu_target: float
    cpu_upstream: float
    cpu_loadgen: float
    rss_mb: float | None

    def cpu_text(self) -> str:
        return f"{self.cpu_target:.0f}/{self.cpu_upstream:.0f}/{self.cpu_loadgen:.0f}"


def mean_rss(target: Target) -> float | None:
    """Give the mean RSS (MiB) of the target's worker processes, or None without a process."""
    workers = target.worker_pids()
    values = [procs.rss_mb(pid) for pid in workers]
    return sum(values) / len(values) if values else None


def run_stream_probe(
    url: str, body_file: str, headers: list[str], concurrency: int, count: int, max_s: float, lockstep=False
):
    """Run bench.stream_probe in its own process; give (LoadResult with TTFB latencies, gap stats, CPU s)."""
    argv = [sys.executable, "-m", "bench.stream_probe", "--url", url, "--body-file", body_file]
    for header in headers:
        argv += ["--header", header]
    argv += ["--concurrency", str(concurrency), "--count", str(count), "--max-seconds", str(max_s)]
    argv += ["--lockstep"] if lockstep else []
    started = time.perf_counter()
    done = subprocess.run(
        argv, capture_output=True, text=True, timeout=max_s + 60, cwd=REPO_ROOT, check=False
    )
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"stream probe failed (rc {done.returncode}): {done.stderr.strip()[-300:]}")
    data = orjson.loads(line.removeprefix("BENCH_JSON "))
    load = LoadResult(
        requests=data["requests"],
        seconds=data["seconds"] or (time.perf_counter() - started),
        errors=data["errors"],
        p50_ms=data["ttfb_p50"] / 1000,
        p90_ms=data["ttfb_p90"] / 1000,
        p99_ms=data["ttfb_p99"] / 1000,
        loadgen_cpu_s=0.0,
        detail=data,
    )
    return load


def sample(target: Target, upstream: Target, run) -> Sample:
    """Run `run()` (giving a LoadResult) and measure CPU of target/upstream/load generator and worker RSS."""
    target_pids, upstream_pids = target.pids(), upstream.pids()
    t0, u0 = procs.cpu_seconds(target_pids), procs.cpu_seconds(upstream_pids)
    started = time.perf_counter()
    load: LoadResult = run()
    wall = max(1e-6, time.perf_counter() - started)
    t1, u1 = procs.cpu_seconds(target_pids), procs.cpu_seconds(upstream_pids)
    cpu_t = 0.0 if target is upstream else (t1 - t0) / wall * 100
    return Sample(load, cpu_t, (u1 - u0) / wall * 100, load.loadgen_cpu_s / wall * 100, mean_rss(target))


def wrk_sample(
    target: Target, upstream: Target, url: str, body: str, headers: list[str], c: int, s: float
) -> Sample:
    """Give a Sample of wrk at concurrency c for s seconds."""
    return sample(target, upstream, lambda: run_wrk(url, body, headers, c, s))


def merge(runs: list[Sample]) -> Sample:
    """Give one Sample for repeated runs: summed requests over summed time, median latencies, mean CPU."""
    if len(runs) == 1:
        return runs[0]
    loads = [run.load for run in runs]
    load = LoadResult(
        requests=sum(x.requests for x in loads),
        seconds=sum(x.seconds for x in loads),
        errors=sum(x.errors for x in loads),
        p50_ms=statistics.median(x.p50_ms for x in loads),
        p90_ms=statistics.median(x.p90_ms for x in loads),
        p99_ms=statistics.median(x.p99_ms for x in loads),
        loadgen_cpu_s=sum(x.loadgen_cpu_s for x in loads),
        detail={"rounds": [x.detail for x in loads]},
    )
    return Sample(
        load,
        statistics.fmean(run.cpu_target for run in runs),
        statistics.fmean(run.cpu_upstream for run in runs),
        statistics.fmean(run.cpu_loadgen for run in runs),
        runs[-1].rss_mb,
    )


def status_counts(load: LoadResult) -> dict[str, int]:
    """Give the non-2xx HTTP statuses wrk saw (summed over rounds)."""
    details = load.detail.get("rounds") or [load.detail]
    counts: dict[str, int] = {}
    for detail in details:
        for status, n in (detail.get("statuses") or {}).items():
            counts[status] = counts.get(status, 0) + n
    return counts


def row_from(
    scenario: str, target: Target, c: int, got: Sample, direct: Sample | None, note: str = ""
) -> Row:
    """Give the report row of a sample, with ratios and added latency against the direct sample."""
    load = got.load
    row = Row(scenario, target.name, c, rps=load.rps, p50=load.p50_ms, errors=load.errors, cpu=got.cpu_text())
    row.rss_mb = got.rss_mb if target.name != "direct" else None
    if direct is not None and target.name != "direct":
        base = direct.load
        row.ratio = load.rps / base.rps if base.rps else None
        row.add_p50, row.add_p90, row.add_p99 = (
            load.p50_ms - base.p50_ms,
            load.p90_ms - base.p90_ms,
            load.p99_ms - base.p99_ms,
        )
    statuses = status_counts(load)
    bad = " ".join(f"HTTP {status} x{n}" for status, n in sorted(statuses.items()))
    row.note = " ".join(part for part in (bad, note) if part)
    return row
