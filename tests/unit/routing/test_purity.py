"""The routing package stays pure: no web framework, database, HTTP or gevent imports."""

from __future__ import annotations

import ast
from pathlib import Path

import model_prism.routing as routing

FORBIDDEN = {"flask", "mongoengine", "pymongo", "requests", "urllib3", "gevent", "httpx", "socket"}


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_no_routing_module_imports_io_frameworks():
    files = sorted(Path(routing.__file__).parent.glob("*.py"))
    assert len(files) > 10
    offenders = {f.name: sorted(_imported_roots(f) & FORBIDDEN) for f in files}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_scanner_detects_a_forbidden_import(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text("import os\nfrom flask import Flask\nimport requests.adapters\n")
    assert _imported_roots(sample) & FORBIDDEN == {"flask", "requests"}
