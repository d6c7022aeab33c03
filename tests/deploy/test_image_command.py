"""The image's command under the image's environment: `model-prism serve` with the Dockerfile's ENV (paths moved
into a temporary folder) answers the Dockerfile's HEALTHCHECK, for every NODE_ROLE the compose files and the
chart use, and stops with exit code 0 on SIGTERM. Real processes (gunicorn, gevent), embedded store."""

from __future__ import annotations

import os
import shlex
import subprocess

import pytest
import requests

from tests.deploy.paths import DOCKER
from tests.e2e.server import PrismServer

dockerfile_parse = pytest.importorskip("dockerfile_parse", reason="dockerfile-parse is a dev dependency")
pytestmark = pytest.mark.e2e


def _runtime_stage() -> tuple[dict[str, str], str]:
    """Give (ENV of the final stage, the HEALTHCHECK's shell command)."""
    parser = dockerfile_parse.DockerfileParser(path=str(DOCKER / "Dockerfile"), cache_content=False)
    check = next(i["value"] for i in parser.structure if i["instruction"] == "HEALTHCHECK")
    command = check.split(" CMD ", 1)[1]
    return dict(parser.envs), command


@pytest.mark.parametrize("role", ["full", "control", "worker"])
def test_serve_with_image_env_passes_the_healthcheck_and_stops_cleanly(tmp_path, role):
    env, healthcheck = _runtime_stage()
    assert env["NODE_ENV"] == "production"
    env.update(
        FRONTEND_DIST=str(tmp_path / "dist"),
        DATA_DIR=str(tmp_path / "data"),
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "prom"),
        NODE_ROLE=role,
    )
    env.pop("PORT")  # PrismServer picks a free port and exports it, as the HEALTHCHECK reads $PORT
    srv = PrismServer(tmp_path, env=env).start()
    try:
        health = requests.get(srv.url + "/health", timeout=5).json()
        assert (health["status"], health["role"]) == ("ok", role)
        probe = subprocess.run(
            ["sh", "-c", healthcheck], env={**os.environ, "PORT": str(srv.port)}, timeout=30, check=False
        )
        assert probe.returncode == 0, f"HEALTHCHECK failed: {shlex.quote(healthcheck)}"
    finally:
        code = srv.stop()
    assert code == 0, srv.log()


def test_healthcheck_fails_when_nothing_answers(tmp_path):
    _, healthcheck = _runtime_stage()
    with PrismServer(tmp_path) as srv:
        port = srv.port
    probe = subprocess.run(
        ["sh", "-c", healthcheck],
        env={**os.environ, "PORT": str(port)},
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert probe.returncode == 1
