"""Start what the load goes to: the fake upstream, the bare proxy, the gateway (provisioned) and LiteLLM."""

from __future__ import annotations

import os
import secrets
import shutil
import sys
from dataclasses import dataclass, field

from bench import procs
from bench.provision import provision

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BARE_KEY = "sk-bench-bare-proxy-key"
LITELLM_KEY = "sk-bench-litellm-master-key"


@dataclass
class Target:
    """A running thing to load: chat URL, headers, model id, optional Messages URL and the process to sample."""

    name: str
    chat_url: str
    headers: list[str]
    model: str
    process: procs.Managed | None = None
    messages_url: str = ""
    messages_headers: list[str] = field(default_factory=list)
    note: str = ""

    def pids(self) -> list[int]:
        return procs.process_tree(self.process.proc.pid) if self.process else []

    def worker_pids(self) -> list[int]:
        return procs.workers(self.process.proc.pid) if self.process else []


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "WEB_CONCURRENCY"))}
    env["PYTHONPATH"] = REPO_ROOT + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def start_upstream(log_dir: str, delay_ms: float, chunks: int, gap_ms: float, procs_n: int) -> Target:
    """Start the fake upstream and give it as the `direct` target."""
    port = procs.free_port()
    argv = [sys.executable, "-m", "bench.fake_upstream", "--port", str(port), "--delay-ms", str(delay_ms)]
    argv += ["--chunks", str(chunks), "--chunk-gap-ms", str(gap_ms), "--procs", str(procs_n)]
    managed = procs.launch("fake_upstream", argv, _env({}), log_dir, cwd=REPO_ROOT)
    procs.wait_for_port(managed, port, 30)
    url = f"http://127.0.0.1:{port}"
    return Target(
        "direct", f"{url}/v1/chat/completions", ["Authorization: Bearer sk-direct"], "gpt-4o-mini", managed
    )


def start_bare(log_dir: str, upstream: str, workers: int) -> Target:
    """Start the bare Flask + gevent proxy under gunicorn, with the gateway's worker class (same HTTP server)."""
    port = procs.free_port()
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "-k",
        "model_prism.gunicorn_worker.Worker",
        "-w",
        str(workers),
        "--worker-connections",
        "1000",
    ]
    argv += ["-b", f"127.0.0.1:{port}", "--log-level", "warning", "bench.bare_proxy:app"]
    env = _env({"BENCH_UPSTREAM": upstream, "BENCH_KEY": BARE_KEY})
    managed = procs.launch(f"bare_proxy_w{workers}", argv, env, log_dir, cwd=REPO_ROOT)
    procs.wait_for_port(managed, port, 60)
    chat = f"http://127.0.0.1:{port}/v1/chat/completions"
    return Target(
        f"bare-proxy-{workers}w", chat, [f"Authorization: Bearer {BARE_KEY}"], "gpt-4o-mini", managed
    )


def gateway_command() -> list[str]:
    """Give the command that runs `model-prism` (the console script, else the module)."""
    script = shutil.which("model-prism")
    return [script] if script else [sys.executable, "-m", "model_prism.cli"]


def start_gateway(
    log_dir: str,
    upstream: str,
    workers: int,
    provider_types: tuple[str, ...],
    mongodb_uri: str = "mongomock://localhost/bench",
) -> Target:
    """Start `model-prism serve` (embedded store unless told otherwise), provision it over HTTP, give the target."""
    port = procs.free_port()
    data_dir = os.path.join(log_dir, "gateway-data")
    os.makedirs(data_dir, exist_ok=True)
    env = _env(
        {
            "MONGODB_URI": mongodb_uri,
            "JWT_SECRET": secrets.token_hex(32),
            "ENCRYPTION_KEY": secrets.token_hex(16),
            "NODE_ENV": "production",
            "LOG_LEVEL": "info",  # the shipped default: a served request logs nothing at it
            "OFFLINE": "true",
            "DATA_DIR": data_dir,
            "PROMETHEUS_MULTIPROC_DIR": os.path.join(log_dir, "gateway-prom"),
            "GATEWAY_IP_LIMIT": "1000000000",  # one client IP sends all the load
            "ALLOW_PRIVATE_PROVIDER_URLS": "true",  # the fake upstream is on 127.0.0.1
        }
    )
    argv = gateway_command() + [
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    managed = procs.launch("gateway", argv, env, log_dir, cwd=REPO_ROOT)
    procs.wait_for_port(managed, port, 90)
    try:
        done = provision(f"http://127.0.0.1:{port}", upstream, provider_types)
    except Exception:
        managed.stop()
        raise
    model = (
        "gpt-4o-mini" if "gpt-4o-mini" in done.models else (done.models[0] if done.models else "gpt-4o-mini")
    )
    actual = len(procs.workers(managed.proc.pid))
    return Target(
        f"gateway-{actual}w",
        f"{done.base_url}/chat/completions",
        [f"Authorization: Bearer {done.api_key}"],
        model,
        managed,
        messages_url=f"{done.base_url}/messages",
        messages_headers=[f"x-api-key: {done.api_key}", "anthropic-version: 2023-06-01"],
        note=f"asked for {workers} workers, runs {actual}" if actual != workers else "",
    )


LITELLM_CONFIG = """model_list:
  - model_name: gpt-4o-mini
    litellm_params:
      model: openai/gpt-4o-mini
      api_base: {upstream}/v1
      api_key: sk-upstream-bench
litellm_settings:
  telemetry: false
  drop_params: true
general_settings:
  master_key: {key}
"""


def start_litellm(log_dir: str, litellm_bin: str, upstream: str, workers: int) -> Target:
    """Start LiteLLM's proxy (from its own throwaway venv) with a config pointing at the fake upstream."""
    port = procs.free_port()
    config = os.path.join(log_dir, "litellm.yaml")
    with open(config, "w") as handle:
        handle.write(LITELLM_CONFIG.format(upstream=upstream, key=LITELLM_KEY))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DATABASE_URL", "VIRTUAL_ENV")}
    env.update({"LITELLM_LOCAL_MODEL_COST_MAP": "True", "LITELLM_LOG": "ERROR", "LITELLM_TELEMETRY": "False"})
    argv = [litellm_bin, "--config", config, "--host", "127.0.0.1", "--port", str(port)]
    # gunicorn (preload, 600 s timeout) rather than uvicorn's supervisor, whose 5 s health check kills
    # workers that are still importing litellm on a loaded 2-core machine, over and over
    argv += ["--num_workers", str(workers), "--run_gunicorn"]
    managed = procs.launch("litellm", argv, env, log_dir)
    procs.wait_for_port(managed, port, 300)
    chat = f"http://127.0.0.1:{port}/v1/chat/completions"
    return Target(
        f"litellm-{workers}w", chat, [f"Authorization: Bearer {LITELLM_KEY}"], "gpt-4o-mini", managed
    )
