"""The one results table: rows of measurements, rendered as fixed-width text (and kept as JSON)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass


@dataclass
class Row:
    """One line of the report. Latencies in ms; for stream rows they are time to first event."""

    scenario: str
    target: str
    concurrency: int
    rps: float | None = None
    ratio: float | None = None
    p50: float | None = None
    add_p50: float | None = None
    add_p90: float | None = None
    add_p99: float | None = None
    errors: int | None = None
    rss_mb: float | None = None
    cpu: str = ""
    note: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


COLUMNS = (
    ("scenario", 10, "<"),
    ("target", 14, "<"),
    ("c", 3, ">"),
    ("req/s", 7, ">"),
    ("x direct", 8, ">"),
    ("p50 ms", 7, ">"),
    ("+p50", 7, ">"),
    ("+p90", 7, ">"),
    ("+p99", 7, ">"),
    ("err", 5, ">"),
    ("RSS/wkr", 7, ">"),
    ("CPU% t/u/l", 12, ">"),
    ("notes", 0, "<"),
)


def _num(value: float | int | None, digits: int = 1, signed: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if isinstance(value, int):
        return str(value)
    return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"


def _cells(row: Row) -> list[str]:
    direct = row.target == "direct"
    return [
        row.scenario,
        row.target,
        str(row.concurrency),
        _num(row.rps, 0),
        "1.00" if direct and row.rps else _num(row.ratio, 2),
        _num(row.p50, 2),
        "-" if direct else _num(row.add_p50, 2, True),
        "-" if direct else _num(row.add_p90, 2, True),
        "-" if direct else _num(row.add_p99, 2, True),
        _num(row.errors),
        _num(row.rss_mb, 0),
        row.cpu or "n/a",
        row.note,
    ]


def render(rows: list[Row]) -> str:
    """Give the table as text: a header line, a rule and one line per row."""

    def line(cells: list[str]) -> str:
        parts = [
            f"{cell:{align}{width}}" if width else cell
            for cell, (_, width, align) in zip(cells, COLUMNS, strict=True)
        ]
        return "  ".join(parts).rstrip()

    header = line([name for name, _, _ in COLUMNS])
    return "\n".join([header, "-" * len(header)] + [line(_cells(row)) for row in rows])


LEGEND = """\
x direct: req/s relative to the same load sent straight to the fake upstream (1.00 = no loss).
+p50/+p90/+p99: latency added over direct at the same concurrency (ms). stream rows: time to first SSE event;
  their notes give the inter-event gap (p50/p99) added over direct.
RSS/wkr: mean resident memory of the target's worker processes (MiB) after the run.
CPU% t/u/l: CPU used during the run by the target (all its processes), the fake upstream and the load
  generator, in % of one core. On a 2-core box these compete: read ratios, not absolute numbers."""
