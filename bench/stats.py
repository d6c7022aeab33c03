"""Small statistics helpers shared by the probes and the report."""

from __future__ import annotations

import math


def percentile(values: list[float], pct: float) -> float:
    """Give the pct-th percentile (nearest rank) of values, or NaN when there are none."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]
