"""The docs stay true to the code: links resolve, named commands and recipes exist, the API reference is complete."""

from __future__ import annotations

import importlib.util
import re

import pytest

from model_prism.cli import build_parser
from tests.deploy.paths import ROOT

DOCS = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "helm" / "README.md", ROOT / "CHANGELOG.md"]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _slug(heading: str) -> str:
    """Give GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(path) -> set[str]:
    return {_slug(m) for m in re.findall(r"^#+ (.+)$", path.read_text(), re.M)}


@pytest.mark.parametrize("doc", DOCS, ids=[p.name for p in DOCS])
def test_relative_links_and_anchors_resolve(doc):
    for target in LINK.findall(doc.read_text()):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        file_part, _, anchor = target.partition("#")
        path = (doc.parent / file_part).resolve() if file_part else doc
        assert path.exists(), f"{doc.name}: link to missing {target}"
        if anchor and path.suffix == ".md":
            assert anchor in _anchors(path), f"{doc.name}: no heading for #{anchor} in {path.name}"


def test_commands_named_in_the_docs_exist():
    subcommands = set(build_parser()._subparsers._group_actions[0].choices)
    named = {
        m for doc in DOCS for m in re.findall(r"(?:^|`)\s*model-prism ([a-z][a-z-]+)", doc.read_text(), re.M)
    }
    assert named and named <= subcommands, named - subcommands


def test_just_recipes_named_in_the_docs_exist():
    recipes = set(re.findall(r"^([a-z][a-z-]*)(?:\s[^:\n]*)?:", (ROOT / "justfile").read_text(), re.M))
    named = {m for doc in DOCS for m in re.findall(r"`just ([a-z][a-z-]+)", doc.read_text())}
    assert named and named <= recipes, named - recipes


def _generator():
    spec = importlib.util.spec_from_file_location("gen_admin_api", ROOT / "docs" / "gen_admin_api.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_admin_reference_generator_lists_every_operation(app):
    spec = app.test_client().get("/api/prism/docs/openapi.json").get_json()
    text = _generator().render(spec)
    operations = [
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in ("get", "post", "put", "patch", "delete")
        if method in item
    ]
    assert len(operations) > 10
    for method, path in operations:
        assert f"| `{method}` | `{path}` |" in text
    assert "| public |" in text and "| JWT |" in text
