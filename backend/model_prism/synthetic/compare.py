"""Side-by-side comparison of test runs of one suite (before/after a configuration change)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

_SUMMARY_KEYS = ("total", "tierMatches", "categoryMatches", "avgConfidence", "classifierNeeded",
                 "estimatedCostUsd", "baselineCostUsd")  # fmt: skip


def _cell(r: Mapping[str, Any] | None) -> dict | None:
    if r is None:
        return None
    return {"category": r.get("category"), "tier": r.get("finalTier"), "model": r.get("finalModel"),
            "confidence": r.get("confidence"), "ok": bool(r.get("tierMatch") and r.get("categoryMatch")),
            "classifierNeeded": r.get("classifierNeeded")}  # fmt: skip


def compare(runs: Sequence[Mapping[str, Any]]) -> dict:
    """Give {runs, deltas, cases, changedCases}: one row per test case with one cell per run (oldest first)."""
    runs = sorted(runs, key=lambda r: r.get("createdAt") or "")
    by_run = [{r["testCaseId"]: r for r in run.get("results") or []} for run in runs]
    order: list[str] = []
    for rows in by_run:
        order += [k for k in rows if k not in order]
    cases, changed = [], 0
    for case_id in order:
        cells = [_cell(rows.get(case_id)) for rows in by_run]
        first = next(rows[case_id] for rows in by_run if case_id in rows)
        differs = None in cells or len({(c["tier"], c["category"], c["model"]) for c in cells}) > 1
        changed += differs
        cases.append({"testCaseId": case_id, "prompt": first.get("prompt"), "expectedCategory":
                      first.get("expectedCategory"), "changed": differs, "cells": cells})  # fmt: skip
    heads = [{"_id": r.get("_id"), "createdAt": r.get("createdAt"), "ruleSetName": r.get("ruleSetName"),
              "status": r.get("status"), "summary": {k: (r.get("summary") or {}).get(k) for k in _SUMMARY_KEYS}}
             for r in runs]  # fmt: skip
    deltas = {k: _delta(heads[0]["summary"].get(k), heads[-1]["summary"].get(k)) for k in _SUMMARY_KEYS[1:]}
    return {"runs": heads, "deltas": deltas, "cases": cases, "changedCases": changed}


def _delta(a: Any, b: Any) -> float | None:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return round(b - a, 6)
    return None
