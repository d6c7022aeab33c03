"""Benchmark-weighted price-performance score (routing.md §10.3)."""

from __future__ import annotations

import functools

from model_prism.routing.environment import ModelCandidate

_CODING = (0.2, 0.6, 0.1, 0.1)
_MATH = (0.2, 0.1, 0.6, 0.1)
_SENSITIVE = (0.6, 0.1, 0.1, 0.2)
_SMALLTALK = (0.2, 0.0, 0.0, 0.8)

#: (intelligence, coding, math, speed) weights by category key or key prefix.
WEIGHTS: dict[str, tuple[float, float, float, float]] = {
    "coding": _CODING, "math": _MATH, "reasoning": (0.6, 0.1, 0.2, 0.1), "research": (0.6, 0.1, 0.1, 0.2),
    "summarization": (0.3, 0.0, 0.0, 0.7), "classification": (0.3, 0.0, 0.0, 0.7),
    "translation": (0.3, 0.0, 0.0, 0.7), "creative": (0.6, 0.0, 0.0, 0.4), "analysis": (0.5, 0.1, 0.2, 0.2),
    "tool_use": (0.3, 0.4, 0.1, 0.2), "system_design": (0.4, 0.3, 0.1, 0.2), "planning": (0.5, 0.2, 0.1, 0.2),
    "sensitive": _SENSITIVE, "vision": (0.5, 0.1, 0.1, 0.3), "document": (0.4, 0.1, 0.1, 0.4),
    "smalltalk": _SMALLTALK, "email": (0.3, 0.0, 0.0, 0.7), "sql": (0.2, 0.5, 0.2, 0.1),
    "_default": (0.4, 0.2, 0.1, 0.3),
    # [DD] additional keys
    "coding_autocomplete": (0.1, 0.4, 0.0, 0.5), "code": _CODING, "swe": _CODING, "error": _CODING, "qa": _CODING,
    "devops": _CODING, "stem": _MATH, "legal": _SENSITIVE, "medical": _SENSITIVE, "financial": _SENSITIVE,
    "data": (0.4, 0.2, 0.3, 0.1), "api": (0.3, 0.5, 0.0, 0.2), "chat": _SMALLTALK,
}  # fmt: skip

COST_EXPONENT = {"economy": 2.0, "balanced": 1.0, "quality": 0.3}


@functools.lru_cache(maxsize=512)
def weights_for(category: str | None) -> tuple[float, float, float, float]:
    """Give the benchmark weights: exact key, else the longest '_'-prefix in the table, else _default."""
    if category:
        parts = category.split("_")
        for n in range(len(parts), 0, -1):
            key = "_".join(parts[:n])
            if key in WEIGHTS:
                return WEIGHTS[key]
    return WEIGHTS["_default"]


def score(model: ModelCandidate, category: str | None, mode: str) -> float:
    """Give the model's price-performance score for a category under a cost mode."""
    b = model.benchmarks
    if not b:
        return 0.0
    wi, wc, wm, ws = weights_for(category)
    q = (
        wi * b.get("intelligence", 0)
        + wc * b.get("coding", 0)
        + wm * b.get("math", 0)
        + ws * b.get("speed", 0)
    )
    cost = (model.input_per_1m or 0) + (model.output_per_1m or 0)
    if cost <= 0:
        return q * 1000
    return q / cost ** COST_EXPONENT.get(mode, 1.0)
