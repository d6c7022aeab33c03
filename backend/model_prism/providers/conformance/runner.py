"""Runs every conformance case against every target and renders the adapter × case matrix."""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..base import ProviderAdapter
from .cases import Case, CaseFailed, Profile, all_cases


@dataclass(frozen=True)
class Target:
    """One adapter setup: a context manager giving a ready adapter, and the cases that cannot apply (with why)."""

    label: str
    open: Callable[[], contextlib.AbstractContextManager[ProviderAdapter]]
    profile: Profile = Profile()
    not_applicable: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Cell:
    status: str  # pass | fail | n/a
    note: str


def run_case(adapter: ProviderAdapter, case: Case, profile: Profile) -> Cell:
    """Give the cell for one case: pass with a note, or fail with the reason (any exception counts)."""
    model = f"case-{case.name}"
    request = case.request(model)
    call = (lambda: adapter.chat_stream(request)) if case.stream else (lambda: adapter.chat(request))
    try:
        return Cell("pass", case.check(call, profile))
    except CaseFailed as exc:
        return Cell("fail", str(exc))
    except Exception as exc:  # noqa: BLE001 - any other exception is a conformance failure to report
        return Cell(
            "fail", f"{type(exc).__name__}: {exc} @ {traceback.extract_tb(exc.__traceback__)[-1].name}"
        )


def run_target(target: Target) -> dict[str, Cell]:
    """Give {case name: cell} for one target."""
    cells: dict[str, Cell] = {}
    with target.open() as adapter:
        for case in all_cases():
            if case.name in target.not_applicable:
                cells[case.name] = Cell("n/a", target.not_applicable[case.name])
            else:
                cells[case.name] = run_case(adapter, case, target.profile)
    return cells


def run_matrix(targets: list[Target]) -> dict[str, dict[str, Cell]]:
    """Give {target label: {case: cell}} for all targets."""
    return {t.label: run_target(t) for t in targets}


_MARK = {"pass": "✓", "fail": "✗", "n/a": "–"}


def render(matrix: dict[str, dict[str, Cell]]) -> Iterator[str]:
    """Yield the lines of the matrix, then one line per failure and per non-applicable case (nothing hidden)."""
    cases = [c.name for c in all_cases()]
    width = max(len(label) for label in matrix) + 2
    yield "adapter".ljust(width) + " ".join(c.center(max(len(c), 3)) for c in cases)
    for label, cells in matrix.items():
        yield label.ljust(width) + " ".join(_MARK[cells[c].status].center(max(len(c), 3)) for c in cases)
    passed = sum(cell.status == "pass" for cells in matrix.values() for cell in cells.values())
    failed = sum(cell.status == "fail" for cells in matrix.values() for cell in cells.values())
    na = sum(cell.status == "n/a" for cells in matrix.values() for cell in cells.values())
    yield f"{passed} passed, {failed} failed, {na} not applicable"
    for label, cells in matrix.items():
        for case, cell in cells.items():
            if cell.status == "fail":
                yield f"✗ {label} / {case}: {cell.note}"
    for label, cells in matrix.items():
        for case, cell in cells.items():
            if cell.status == "n/a":
                yield f"– {label} / {case}: not applicable — {cell.note}"
