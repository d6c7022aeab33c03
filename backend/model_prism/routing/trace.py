"""Trace entries and the frozen routing context each stage evolves (one note per stage)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Stage key → name shown in the trace (routing.md §15, plus the [DD] stages).
STAGE_NAMES: dict[str, str] = {
    "signals": "Signal Extraction",
    "fast_path": "Fast-Path Detection",
    "fim_only": "Strictness (fim_only)",
    "rule_set": "Rule-Set Pre-Routing",
    "local_classifier": "Local Classifier",
    "classifier_decision": "Classifier Decision",
    "classifier_output": "Classifier Output",
    "rule_floor": "Tier Enforcement (Rule-Set Floor)",
    "overrides": "Tenant Override Rules",
    "session_fill": "Session Context Fill",
    "agent_session": "Agent Session Floor",
    "cost_mode": "Cost Mode",
    "tier_boost": "Tier Boost",
    "smart_strictness": "Smart Strictness",
    "selection": "Model Selection",
    "target_prompt": "Target System Prompt",
}


@dataclass(frozen=True)
class TraceEntry:
    """One step of the routing trace: `{step, name, changed, data}` (§15)."""

    step: int
    stage: str
    name: str
    changed: bool | None
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Give the JSON view used by Test Route and the debug record."""
        return {
            "step": self.step,
            "name": self.name,
            "stage": self.stage,
            "changed": self.changed,
            "data": self.data,
        }


def append(trace: tuple[TraceEntry, ...], stage: str, data: dict[str, Any], changed: bool | None) -> tuple:
    """Give the trace with one more entry for `stage`."""
    # built without the frozen dataclass's __init__, which sets each field through object.__setattr__
    entry = object.__new__(TraceEntry)
    entry.__dict__.update(
        step=len(trace) + 1, stage=stage, name=STAGE_NAMES.get(stage, stage), changed=changed, data=data
    )
    return (*trace, entry)


def evolve_dataclass(
    obj: Any, stage: str, note: dict[str, Any], changed: bool | None = None, **changes: Any
) -> Any:
    """Give a copy of a frozen context with `changes` applied and one trace note appended.

    Copies the instance dict instead of calling dataclasses.replace (which re-runs __init__ and costs
    tens of microseconds per stage for a context this size); unknown field names are rejected.
    """
    known = obj.__dataclass_fields__
    for name in changes:
        if name not in known:
            raise TypeError(f"unknown context fields: {sorted(changes.keys() - known.keys())}")
    new = object.__new__(type(obj))
    fields = new.__dict__
    fields.update(obj.__dict__)
    fields.update(changes)
    fields["trace"] = append(obj.trace, stage, note, changed)
    return new
