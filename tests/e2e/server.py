"""Starts `model-prism` as a real process (gunicorn, gevent workers) for end-to-end tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

from tests.conftest import TEST_ENV


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrismServer:
    """`with PrismServer(tmp_path) as srv:` — `srv.url`, `srv.env`, `srv.cli(...)`, `srv.stop()`."""

    def __init__(self, workdir: Path, *, workers: int = 1, env: dict | None = None) -> None:
        self.workdir = Path(workdir)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            **TEST_ENV,
            "MONGODB_URI": os.environ.get("E2E_MONGODB_URI")
            or f"mongomock://localhost/e2e-{uuid.uuid4().hex[:8]}",
            "DATA_DIR": str(self.workdir / "data"),
            "PORT": str(self.port),
            "LOG_LEVEL": "info",
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        self.workers = workers
        self.proc: subprocess.Popen | None = None
        self.log_path = self.workdir / "server.log"

    def cli(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "model_prism.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def start(self) -> PrismServer:
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        cmd = [
            sys.executable,
            "-m",
            "model_prism.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
        ]
        self.proc = subprocess.Popen(
            cmd, env=self.env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log()}")
            try:
                if requests.get(self.url + "/health", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError("server did not become healthy:\n" + self.log())

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        """Stop gracefully; give the exit code."""
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._log.close()
        code, self.proc = self.proc.returncode, None
        return code

    def __enter__(self) -> PrismServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def provision(
    srv: PrismServer, provider_url: str, *, slug: str = "team-e2e", provider_type: str = "openai"
) -> str:
    """Drive the setup API like the wizard does: admin, provider, discovery, tenant; give the tenant key."""
    s = requests.Session()
    base = srv.url + "/api/prism"
    s.post(
        base + "/setup/admin", json={"username": "admin", "password": "e2e-password"}, timeout=10
    ).raise_for_status()
    token = s.post(
        base + "/auth/login", json={"username": "admin", "password": "e2e-password"}, timeout=10
    ).json()["token"]
    s.headers["Authorization"] = f"Bearer {token}"
    s.post(base + "/setup/complete", timeout=10).raise_for_status()
    config = {"baseUrl": provider_url, "auth": {"type": "api_key", "apiKey": "sk-e2e"}}
    provider = s.post(
        base + "/admin/providers/",
        json={"name": "Upstream", "type": provider_type, "config": config},
        timeout=10,
    ).json()
    s.post(f"{base}/admin/providers/{provider['_id']}/discover", timeout=30).raise_for_status()
    tenant = s.post(
        base + "/admin/tenants/",
        json={"slug": slug, "name": slug, "providerIds": [provider["_id"]]},
        timeout=10,
    )
    tenant.raise_for_status()
    return tenant.json()["apiKey"]
