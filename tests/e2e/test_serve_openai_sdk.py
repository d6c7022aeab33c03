"""The real server process (gunicorn + gevent) with the demo seed, driven by the official openai SDK."""

from __future__ import annotations

import json
import re

import pytest
from openai import AuthenticationError, OpenAI

from tests.e2e.server import PrismServer


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("prism")
    srv = PrismServer(workdir)
    out = srv.cli("seed-demo")
    assert out.returncode == 0, out.stderr
    key = re.search(r"omp-[0-9a-f]{64}", out.stdout).group(0)
    with srv:
        yield srv, key


def test_chat_stream_and_models_with_the_openai_sdk(seeded):
    srv, key = seeded
    client = OpenAI(base_url=srv.url + "/api/v1", api_key=key, max_retries=0)
    reply = client.chat.completions.create(
        model="auto", messages=[{"role": "user", "content": "Hello gateway"}]
    )
    assert reply.choices[0].message.content.startswith("This is demo-")
    assert reply.usage.prompt_tokens > 0 and reply.usage.completion_tokens > 0
    assert reply.model_extra["cost_info"]["actual_cost"] > 0

    stream = client.chat.completions.create(
        model="demo/demo-small",
        messages=[{"role": "user", "content": "Stream it"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text.startswith("This is demo-small")
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens > 0

    ids = [m.id for m in client.models.list()]
    assert "auto" in ids and "demo/demo-small" in ids

    with pytest.raises(AuthenticationError):
        OpenAI(base_url=srv.url + "/v1", api_key="omp-wrong", max_retries=0).models.list()


def test_spa_or_placeholder_is_served_at_root(seeded):
    import requests

    srv, _ = seeded
    res = requests.get(srv.url + "/", timeout=5)
    assert res.status_code == 200 and "Model Prism" in res.text
    assert requests.get(srv.url + "/some/client/route", timeout=5).status_code == 200
    assert requests.get(srv.url + "/api/prism/nope", timeout=5).status_code == 404


def test_graceful_shutdown_right_after_requests_keeps_every_usage_record(tmp_path):
    srv = PrismServer(
        tmp_path, env={"ANALYTICS_FLUSH_SECONDS": "30"}
    )  # only the shutdown drain can write them
    out = srv.cli("seed-demo")
    key = re.search(r"omp-[0-9a-f]{64}", out.stdout).group(0)
    srv.start()
    client = OpenAI(base_url=srv.url + "/v1", api_key=key, max_retries=0)
    for i in range(5):
        client.chat.completions.create(model="auto", messages=[{"role": "user", "content": f"request {i}"}])
    assert srv.stop() == 0, srv.log()
    snapshot = json.loads((tmp_path / "data" / "embedded-store.json").read_text())
    logs = snapshot["collections"]["requestlogs"]
    assert len(logs) == 5
    assert all(
        entry["status"] == "success" and entry["inputTokens"] > 0 and entry["actualCostUsd"] > 0
        for entry in logs
    )
