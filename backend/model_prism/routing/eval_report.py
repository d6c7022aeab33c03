"""Text (and JSON) rendering of an evaluation report."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from model_prism.routing.evaluation import EvalReport


def summary(r: EvalReport) -> dict[str, Any]:
    """Give the headline numbers as a dict."""
    cost = sum(o.cost_usd for o in r.outcomes)
    base = sum(o.baseline_usd for o in r.outcomes)
    return {
        "items": len(r.outcomes), "label": r.label, "accuracy": round(r.accuracy, 4),
        "strictAccuracy": round(r.strict_accuracy, 4), "macroF1": round(r.macro_f1, 4),
        "tierAgreement": round(r.tier_agreement, 4), "underRouting": round(r.under_rate, 4),
        "overRouting": round(r.over_rate, 4), "trivialAboveLow": len(r.trivial_above_low),
        "llmClassifierShare": round(r.llm_share, 4), "localClassifierShare": round(r.local_share, 4),
        "wouldCallLlmShare": round(r.would_call_share, 4),
        "estimatedCostUsd": round(cost, 6), "baselineCostUsd": round(base, 6),
        "savingsPct": round(100 * (1 - cost / base), 1) if base else None,
        "medianRoutingMs": round(r.median_ms, 3), "errors": sum(1 for o in r.outcomes if o.error),
    }  # fmt: skip


def format_report(r: EvalReport, misses: int = 15, as_json: bool = False) -> str:
    """Give the printable report: headline numbers, confusion rows, trivial over-routing, misses."""
    s = summary(r)
    if as_json:
        return json.dumps({**s, "confusions": r.confusions()}, indent=2)
    pct = lambda v: f"{100 * v:5.1f} %"  # noqa: E731
    lines = [
        f"Routing evaluation — {s['items']} requests ({r.label})",
        f"  category accuracy (label or also_ok) {pct(r.accuracy)}   strict {pct(r.strict_accuracy)}",
        f"  macro-F1 over categories             {r.macro_f1:.3f}",
        f"  tier within labelled range           {pct(r.tier_agreement)}",
        f"  under-routing / over-routing         {pct(r.under_rate)} / {pct(r.over_rate)}",
        f"  trivial traffic above 'low'          {s['trivialAboveLow']}",
        f"  LLM classifier share                 {pct(r.llm_share)}   (local classifier decided {pct(r.local_share)})",
        f"  below threshold (would ask an LLM)   {pct(r.would_call_share)}",
        f"  est. cost vs baseline                ${s['estimatedCostUsd']:.4f} vs ${s['baselineCostUsd']:.4f}"
        + (f"  ({s['savingsPct']} % saved)" if s["savingsPct"] is not None else ""),
        f"  median routing time                  {s['medianRoutingMs']:.3f} ms",
        "",
        "Confusion (label: predicted×count) — misclassified only:",
    ]
    for label, row in sorted(r.confusions().items()):
        lines.append(
            f"  {label:28} " + ", ".join(f"{p}×{n}" for p, n in sorted(row.items(), key=lambda x: -x[1]))
        )
    for o in r.trivial_above_low:
        lines.append(f"  TRIVIAL ABOVE LOW: {o.item.id} {o.item.category} → {o.category} @ {o.tier}")
    bad = [o for o in r.outcomes if not o.category_ok or o.under or o.over][:misses]
    if bad:
        lines += ["", f"First {len(bad)} misses (id, label [range] → predicted @ tier):"]
        lines += [
            f"  {o.item.id:10} {o.item.category} [{o.item.tier_min}-{o.item.tier_max}] → {o.category} @ {o.tier}"
            for o in bad
        ]
    return "\n".join(lines)
