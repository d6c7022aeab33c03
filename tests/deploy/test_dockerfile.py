"""Static checks of docker/Dockerfile (parsed with dockerfile-parse): stages, copied files, user, health check."""

from __future__ import annotations

import configparser
import fnmatch
import json
import re
import shlex

import pytest

from tests.deploy.paths import DOCKER, ROOT

dockerfile_parse = pytest.importorskip("dockerfile_parse", reason="dockerfile-parse is a dev dependency")


def _instructions() -> list[dict]:
    parser = dockerfile_parse.DockerfileParser(path=str(DOCKER / "Dockerfile"), cache_content=False)
    return parser.structure


def _stages() -> dict[str, list[dict]]:
    """Give the instructions of each stage by its name (FROM ... AS name)."""
    stages: dict[str, list[dict]] = {}
    current = None
    for ins in _instructions():
        if ins["instruction"] == "FROM":
            current = ins["value"].split()[-1]
            stages[current] = []
        elif current is not None:
            stages[current].append(ins)
    return stages


def _dockerignore() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    return [line.strip().rstrip("/") for line in lines if line.strip() and not line.startswith("#")]


def _copy_args(value: str) -> tuple[list[str], list[str]]:
    words = shlex.split(value)
    flags = [w for w in words if w.startswith("--")]
    paths = [w for w in words if not w.startswith("--")]
    return flags, paths


def test_three_named_stages_node_builds_spa_python_runs():
    stages = _stages()
    assert list(stages) == ["spa", "wheels", "runtime"]
    froms = [i["value"] for i in _instructions() if i["instruction"] == "FROM"]
    assert "node:20" in froms[0]
    assert all("python:3.11-slim" in f for f in froms[1:])
    spa_runs = " ".join(i["value"] for i in stages["spa"] if i["instruction"] == "RUN")
    assert "npm ci" in spa_runs and "npm run build" in spa_runs


def test_context_copies_name_existing_files_not_excluded_by_dockerignore():
    ignored = _dockerignore()
    checked = 0
    for ins in _instructions():
        if ins["instruction"] != "COPY":
            continue
        flags, paths = _copy_args(ins["value"])
        if any(f.startswith("--from") for f in flags):
            continue
        for src in paths[:-1]:
            assert (ROOT / src).exists(), f"COPY source {src} does not exist"
            top = src.rstrip("/")
            assert not any(fnmatch.fnmatch(top, pat) for pat in ignored), (
                f"{src} is excluded by .dockerignore"
            )
            checked += 1
    assert checked >= 5


def test_spa_build_inputs_exist_and_output_lands_where_the_app_looks():
    package = json.loads((ROOT / "frontend" / "package.json").read_text())
    assert "build" in package["scripts"]
    assert (ROOT / "frontend" / "package-lock.json").exists(), "npm ci needs the lockfile"
    vite = (ROOT / "frontend" / "vite.config.ts").read_text()
    out_dir = re.search(r"outDir:\s*'([^']+)'", vite)
    assert out_dir is None or out_dir.group(1) == "dist"
    runtime = _stages()["runtime"]
    copied = [i["value"] for i in runtime if i["instruction"] == "COPY" and "--from=spa" in i["value"]]
    assert copied == ["--from=spa /src/frontend/dist /app/frontend/dist"]
    env = " ".join(i["value"] for i in runtime if i["instruction"] == "ENV")
    assert "FRONTEND_DIST=/app/frontend/dist" in env


def test_runtime_runs_serve_as_non_root_with_health_check():
    runtime = _stages()["runtime"]
    users = [i["value"] for i in runtime if i["instruction"] == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    health = [i["value"] for i in runtime if i["instruction"] == "HEALTHCHECK"]
    assert len(health) == 1 and "/health" in health[0]
    cmd = json.loads(next(i["value"] for i in runtime if i["instruction"] == "CMD"))
    assert cmd == ["model-prism", "serve"]
    setup = configparser.ConfigParser()
    setup.read(ROOT / "setup.cfg")
    scripts = setup["options.entry_points"]["console_scripts"]
    assert "model-prism = model_prism.cli:main" in scripts
    exposed = [i["value"] for i in runtime if i["instruction"] == "EXPOSE"]
    assert exposed == ["3000"]


def test_python_ldap_builds_with_headers_and_runs_with_libraries():
    stages = _stages()
    build = " ".join(i["value"] for i in stages["wheels"] if i["instruction"] == "RUN")
    assert "libldap2-dev" in build and "libsasl2-dev" in build
    run = " ".join(i["value"] for i in stages["runtime"] if i["instruction"] == "RUN")
    assert "libldap-2.5-0" in run and "libsasl2-2" in run
    assert "--no-index" in run, "the runtime stage installs only the wheels built before"
