"""Locations of the deployment artefacts the static checks read."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"
HELM = ROOT / "helm"
