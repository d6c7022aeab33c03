"""Issue 10's targets, checked against one run's rows: PASS, FAIL or n/a with the numbers behind each."""

from __future__ import annotations

import math

from bench.report import Row


def _find(rows: list[Row], scenario: str, prefix: str, c: int | None = None) -> Row | None:
    for row in rows:
        if row.scenario == scenario and row.target.startswith(prefix) and (c is None or row.concurrency == c):
            if row.rps is not None or row.p50 is not None:
                return row
    return None


def _verdict(ok: bool | None) -> str:
    return "n/a " if ok is None else ("PASS" if ok else "FAIL")


def _ok(value: float | None, test) -> bool | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return bool(test(value))


def check(rows: list[Row]) -> list[str]:
    """Give one line per target of issue 10 (gateway vs LiteLLM, bare proxy, latency, streaming, auto, soak)."""
    gw64, lt64, bare64 = _find(rows, "chat", "gateway", 64), _find(rows, "chat", "litellm", 64), None
    bare64 = _find(rows, "chat", "bare-proxy", 64)
    gw1, gw16, bare16 = _find(rows, "chat", "gateway", 1), _find(rows, "chat", "gateway", 16), None
    bare16 = _find(rows, "chat", "bare-proxy", 16)
    lines = ["targets (issue 10), same run:"]

    x_lite = gw64.rps / lt64.rps if gw64 and lt64 and lt64.rps else None
    lines.append(
        f"  {_verdict(_ok(x_lite, lambda v: v >= 5))} gateway req/s at 64 >= 5x LiteLLM: {_fmt(x_lite, 'x')}"
    )
    x_bare = gw64.rps / bare64.rps if gw64 and bare64 and bare64.rps else None
    lines.append(
        f"  {_verdict(_ok(x_bare, lambda v: v >= 0.6))} gateway req/s at 64 >= 60% of bare proxy: {_fmt(x_bare, 'x')}"
    )
    add1 = gw1.add_p50 if gw1 else None
    bare1 = _find(rows, "chat", "bare-proxy", 1)
    lines.append(
        f"  {_verdict(_ok(add1, lambda v: v <= 2.5))} added p50 at 1 client <= 2.5 ms: {_fmt(add1, ' ms')}"
        f" (bare proxy {_fmt(bare1.add_p50 if bare1 else None, ' ms')})"
    )
    ratio16 = None
    if gw16 and bare16 and gw16.add_p50 is not None and bare16.add_p50:
        ratio16 = gw16.add_p50 / bare16.add_p50 if bare16.add_p50 > 0 else None
    lines.append(
        f"  {_verdict(_ok(ratio16, lambda v: v <= 1.5))} added p50 at 16 <= 1.5x bare proxy's: {_fmt(ratio16, 'x')}"
        f" (gateway {_fmt(gw16.add_p50 if gw16 else None, ' ms')}, bare {_fmt(bare16.add_p50 if bare16 else None, ' ms')})"
    )
    streams = [
        r for r in rows if r.scenario == "stream" and r.target.startswith("gateway") and r.add_p99 is not None
    ]
    worst = max((r.add_p99 for r in streams), default=None)
    per_c = ", ".join(
        f"{_fmt(r.add_p99, ' ms')} at {r.concurrency} (bare proxy {_fmt(_add_p99(_find(rows, 'stream', 'bare-proxy', r.concurrency)), ' ms')})"
        for r in streams
    )
    lines.append(
        f"  {_verdict(_ok(worst, lambda v: v <= 10))} stream first-byte overhead p99 <= 10 ms: {per_c or 'n/a'}"
    )
    autos = {c: _auto_delta(rows, c) for c in sorted({r.concurrency for r in rows if r.scenario == "auto"})}
    worst_auto = max((a for a in autos.values() if a is not None), default=None)
    per_auto = ", ".join(f"{_fmt(a, ' ms')} at {c}" for c, a in autos.items())
    lines.append(
        f"  {_verdict(_ok(worst_auto, lambda v: v <= 1))} auto adds <= 1 ms p50 over fixed: {per_auto or 'n/a'}"
    )
    soak = next((r for r in rows if r.scenario == "soak"), None)
    growth = _growth(soak.note) if soak else None
    lines.append(
        f"  {_verdict(_ok(growth, lambda v: v <= 5))} RSS growth over the soak <= 5%: {_fmt(growth, '%')}"
    )
    return lines


def _add_p99(row: Row | None) -> float | None:
    return row.add_p99 if row else None


def _auto_delta(rows: list[Row], c: int) -> float | None:
    auto, fixed = _find(rows, "auto", "gateway", c), _find(rows, "chat", "gateway", c)
    return auto.p50 - fixed.p50 if auto and fixed and auto.p50 is not None and fixed.p50 is not None else None


def _growth(note: str) -> float | None:
    marker = "growth "
    if marker not in note:
        return None
    return float(note.split(marker, 1)[1].rstrip("%").strip())


def _fmt(value: float | None, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:.2f}{unit}"
