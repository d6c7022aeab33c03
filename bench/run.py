"""Run the benchmark: fake upstream, gateway, bare proxy (and LiteLLM), scenarios, one table.

python -m bench.run                      # full run (soak 200k requests)
python -m bench.run --quick              # a few minutes: short runs, soak 5k
python -m bench.run --litellm /tmp/litellm-venv/bin/litellm
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

import orjson

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench import goals, loadgen, scenarios, targets  # noqa: E402
from bench.loadgen import find_wrk  # noqa: E402
from bench.plan import Plan  # noqa: E402
from bench.report import LEGEND, Row, render  # noqa: E402


def _ints(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Give the command-line options (every loop the harness runs is bounded by one of them)."""
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    p.add_argument("--duration", type=float, default=10.0, help="seconds per measured wrk run")
    p.add_argument(
        "--rounds", type=int, default=1, help="repeat each non-streaming run, interleaved with direct"
    )
    p.add_argument(
        "--warmup", type=float, default=2.0, help="seconds of unmeasured load before a target's scenario"
    )
    p.add_argument(
        "--concurrency", type=_ints, default=[1, 16, 64], help="clients for the fixed-model scenario"
    )
    p.add_argument(
        "--auto-concurrency", type=_ints, default=[1, 16], help="clients for the auto/8k scenarios"
    )
    p.add_argument(
        "--stream-concurrency", type=_ints, default=[1, 16], help="clients for the streaming probe"
    )
    p.add_argument(
        "--stream-lockstep",
        action="store_true",
        help="start the streaming clients all at once (a burst) instead of spread over one stream's duration",
    )
    p.add_argument(
        "--stream-per-client",
        type=int,
        default=30,
        help="streamed requests per client (min 200 a run, 60 with --quick)",
    )
    p.add_argument("--messages-concurrency", type=int, default=16)
    p.add_argument("--soak", type=int, default=200_000, help="requests in the memory soak (0 skips it)")
    p.add_argument("--soak-concurrency", type=int, default=64)
    p.add_argument(
        "--soak-max-seconds", type=float, default=900.0, help="stop the soak after this long anyway"
    )
    p.add_argument(
        "--client-ips",
        type=int,
        default=1024,
        help="X-Forwarded-For addresses cycled per request so a per-IP limiter sees many clients (0: off)",
    )
    p.add_argument("--workers", type=int, default=2, help="gateway workers (the embedded store runs 1)")
    p.add_argument(
        "--bare-workers", type=_ints, default=[1], help="bare proxy worker counts to run, e.g. 1,2"
    )
    p.add_argument(
        "--mongodb-uri",
        default="mongomock://localhost/bench",
        help="store of the gateway; the embedded one keeps every request log in the worker's memory",
    )
    p.add_argument("--no-gateway", action="store_true", help="skip the gateway (floor and LiteLLM only)")
    p.add_argument(
        "--provider-type", default="openai-compatible,openai", help="provider types to try, in order"
    )
    p.add_argument("--litellm", default="", help="path of the litellm CLI in a throwaway venv (2 workers)")
    p.add_argument("--litellm-workers", type=int, default=2)
    p.add_argument("--delay-ms", type=float, default=20.0, help="fake upstream delay")
    p.add_argument("--chunks", type=int, default=20, help="fake upstream content chunks per stream")
    p.add_argument("--chunk-gap-ms", type=float, default=5.0)
    p.add_argument("--upstream-procs", type=int, default=1, help="fake upstream processes")
    p.add_argument(
        "--only", default="", help="comma-separated: chat,chat-8k,auto,auto-8k,stream,messages,soak"
    )
    p.add_argument("--quick", action="store_true", help="short runs: 3 s each, soak 5000, 1 s warmup")
    p.add_argument("--json", default="", help="also write rows and settings to this JSON file")
    p.add_argument("--log-dir", default="", help="where process logs go (default: a new temp dir)")
    args = p.parse_args(argv)
    if args.quick:
        args.duration, args.warmup = min(args.duration, 3.0), min(args.warmup, 1.0)
        args.soak = min(args.soak, 5000)
        args.stream_per_client = min(args.stream_per_client, 10)
    return args


def start_targets(args: argparse.Namespace, log_dir: str, upstream_base: str, rows: list[Row]) -> list:
    """Start every target asked for; a target that fails to start becomes an n/a row, not a crash."""
    started = []
    attempts = []
    if not args.no_gateway:
        kinds = tuple(k for k in args.provider_type.split(",") if k)
        attempts.append(
            (
                "gateway",
                lambda: targets.start_gateway(log_dir, upstream_base, args.workers, kinds, args.mongodb_uri),
            )
        )
    for workers in args.bare_workers:
        attempts.append(
            (f"bare-proxy-{workers}w", lambda w=workers: targets.start_bare(log_dir, upstream_base, w))
        )
    if args.litellm:
        attempts.append(
            (
                "litellm",
                lambda: targets.start_litellm(log_dir, args.litellm, upstream_base, args.litellm_workers),
            )
        )
    for name, start in attempts:
        _log(f"starting {name}")
        try:
            started.append(start())
        except Exception as exc:  # noqa: BLE001 - any failure to start is reported in the table
            reason = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
            rows.append(Row("start", name, 0, note=f"n/a: {reason}"))
            _log(f"{name} did not start: {exc}")
    return started


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run everything, print the table; give the exit status (2 when wrk is missing)."""
    args = parse_args(argv)
    wrk = find_wrk()
    if wrk is None:
        print("wrk not found: apt-get install -y wrk", file=sys.stderr)
        return 2
    loadgen.CLIENT_IPS = max(0, args.client_ips)
    log_dir = args.log_dir or tempfile.mkdtemp(prefix="model-prism-bench-")
    os.makedirs(log_dir, exist_ok=True)
    _log(f"logs in {log_dir}")
    rows: list[Row] = []
    running: list[targets.Target] = []
    started_at = time.time()
    try:
        upstream = targets.start_upstream(
            log_dir, args.delay_ms, args.chunks, args.chunk_gap_ms, args.upstream_procs
        )
        running.append(upstream)
        upstream_base = upstream.chat_url.rsplit("/v1/", 1)[0]
        running += start_targets(args, log_dir, upstream_base, rows)
        plan = Plan(args, wrk, log_dir, upstream, running[1:], rows, _log)
        plan.run_all(scenarios)
    finally:
        for target in reversed(running):
            if target.process is not None:
                target.process.stop()
    print()
    print(render(rows))
    print()
    print(LEGEND)
    print()
    for line in goals.check(rows):
        print(line)
    load = os.getloadavg()
    print(
        f"\nmachine: {os.cpu_count()} CPUs, load average {load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f}; "
        f"upstream delay {args.delay_ms:g} ms; {time.time() - started_at:.0f} s in all; logs {log_dir}"
    )
    if args.json:
        with open(args.json, "wb") as handle:
            settings = {k: v for k, v in vars(args).items()}
            handle.write(orjson.dumps({"settings": settings, "rows": [r.as_dict() for r in rows]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
