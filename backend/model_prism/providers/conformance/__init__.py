"""The adapter conformance suite: the same cases against every adapter through its fake server.

`main()` is the `model-prism conformance` command. The fake servers live in the repository's
`tests/fakes/` (they are test code, not shipped), so the command runs from a source checkout.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from .cases import Profile
from .runner import Cell, Target, render, run_matrix

__all__ = ["Cell", "Profile", "Target", "main", "render", "run_matrix"]


def _repo_root() -> Path | None:
    for start in (Path.cwd(), Path(__file__).resolve()):
        for folder in (start, *start.parents):
            if (folder / "tests" / "fakes" / "targets.py").is_file():
                return folder
    return None


def main(argv: list[str] | None = None) -> int:
    """Print the adapter × case matrix; give 0 when nothing failed, 1 on failures, 2 without a source checkout."""
    root = _repo_root()
    if root is None:
        print(
            "conformance: tests/fakes/targets.py not found — run from a Model Prism source checkout",
            file=sys.stderr,
        )
        return 2
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    targets = importlib.import_module("tests.fakes.targets").all_targets()
    matrix = run_matrix(targets)
    for line in render(matrix):
        print(line)
    return 1 if any(cell.status == "fail" for cells in matrix.values() for cell in cells.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
