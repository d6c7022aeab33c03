"""Renders helm/ with Helm's own template engine and validates manifests against Kubernetes JSON schemas.

Rendering uses helm-python-sdk (PyPI; import name helm_python), which binds to libhelm_c, a C ABI over Helm's
official Go SDK (v4), shipped inside the wheel: the same engine as `helm template`, offline, no helm binary.
In that mode `lookup` finds nothing, exactly like `helm template`. Validation uses kubernetes-validate (PyPI),
which ships the Kubernetes OpenAPI-derived JSON schemas per release; strict mode rejects unknown fields.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.deploy.paths import HELM

helm = pytest.importorskip("helm_python", reason="helm-python-sdk (Helm's engine) is a dev dependency")
kubernetes_validate = pytest.importorskip(
    "kubernetes_validate", reason="kubernetes-validate is a dev dependency"
)

RELEASE, NAMESPACE = "mp", "prism"
KUBE_VERSIONS = ("1.25.0", "1.37.0")  # Chart.yaml's kubeVersion floor and the newest schemas shipped
VALUE_FILES = sorted((HELM / "ci").glob("*.yaml"))


def render(values: dict) -> dict[str, str]:
    """Give {template path: rendered text} for the chart with these values over values.yaml."""
    with helm.Chart.load(str(HELM)) as chart:
        return chart.render(values, name=RELEASE, namespace=NAMESPACE)


def manifests(values: dict) -> list[dict]:
    """Give every Kubernetes object the chart renders (NOTES.txt and empty documents left out)."""
    out = []
    for path, text in sorted(render(values).items()):
        if path.endswith(".yaml"):
            out.extend(doc for doc in yaml.safe_load_all(text) if doc)
    return out


def by_kind_name(docs: list[dict]) -> dict[tuple[str, str], dict]:
    return {(d["kind"], d["metadata"]["name"]): d for d in docs}


def validate(doc: dict) -> None:
    """Raise kubernetes_validate.ValidationError when the object is invalid for any tested Kubernetes release."""
    for version in KUBE_VERSIONS:
        kubernetes_validate.validate(doc, version, strict=True)


def load_values(path: Path) -> dict:
    return yaml.safe_load(path.read_text()) or {}
