"""Validates JSON against OpenAI's published OpenAPI document (components.schemas), read from
../shared/data/openai-openapi.json or $OPENAI_OPENAPI_SPEC; tests skip with the reason when neither exists."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pytest

URI = "urn:openai-openapi"
DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "openai-openapi.json"


def spec_path() -> Path | None:
    for candidate in (os.environ.get("OPENAI_OPENAPI_SPEC"), str(DEFAULT)):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


@functools.cache
def _registry():
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    path = spec_path()
    if path is None:
        pytest.skip(
            "OpenAI OpenAPI document not found (set OPENAI_OPENAPI_SPEC or provide ../shared/data/openai-openapi.json)"
        )
    doc = _nullable_as_json_schema(json.loads(path.read_text()))
    return Registry().with_resource(URI, Resource(contents=doc, specification=DRAFT202012))


def _nullable_as_json_schema(node):
    """The document declares OpenAPI 3.1 but still marks many fields with 3.0's `nullable: true`; read those as
    'this schema or null', which is what OpenAI's API sends (finish_reason and logprobs are null in chunks)."""
    if isinstance(node, list):
        return [_nullable_as_json_schema(x) for x in node]
    if not isinstance(node, dict):
        return node
    node = {k: _nullable_as_json_schema(v) for k, v in node.items()}
    if node.pop("nullable", False) is True:
        meta = {k: node.pop(k) for k in ("description", "title", "default") if k in node}
        return {**meta, "anyOf": [node, {"type": "null"}]}
    return node


def errors(schema_name: str, instance) -> list[str]:
    """Give the validation errors of the instance against components.schemas[schema_name] (empty when valid)."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(
        {"$ref": f"{URI}#/components/schemas/{schema_name}"}, registry=_registry()
    )
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message[:300]}"
        for e in validator.iter_errors(instance)
    ]


def assert_valid(schema_name: str, instance) -> None:
    problems = errors(schema_name, instance)
    assert not problems, f"{schema_name} violations:\n" + "\n".join(problems[:10])
