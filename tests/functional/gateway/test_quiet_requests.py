"""A served request writes no log line at the default level (INFO): per-request detail is in the request log, the
routing debug panel and DEBUG; a log line per request would cost every request a formatted write."""

from __future__ import annotations

import logging

import orjson
import pytest

from tests.factories import make_provider, make_tenant


@pytest.fixture
def key(state, fake_openai):
    provider = make_provider(state, base_url=fake_openai.base_url)
    return make_tenant(providers_=[provider], routing={"enabled": True, "defaultModel": "gpt-4o-mini"})[1]


def _chat(client, key, model: str, stream: bool = False):
    body = {
        "model": model,
        "stream": stream,
        "messages": [{"role": "user", "content": "Write a haiku about tea"}],
    }
    r = client.post(
        "/api/team-a/v1/chat/completions",
        data=orjson.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert r.status_code == 200
    assert (b"[DONE]" in r.data) if stream else orjson.loads(r.data)["choices"]


@pytest.mark.parametrize("model", ["gpt-4o-mini", "auto"])
@pytest.mark.parametrize("stream", [False, True])
def test_a_served_request_logs_nothing_at_info(client, state, key, caplog, model, stream):
    with caplog.at_level(logging.INFO):
        _chat(client, key, model, stream)
        state.sink.flush()
    ours = [r for r in caplog.records if r.name.startswith("model_prism")]  # not the fake provider's log
    assert [r.getMessage() for r in ours if r.levelno >= logging.INFO] == []


def test_the_routing_decision_is_logged_at_debug(client, key, caplog):
    with caplog.at_level(logging.DEBUG, logger="model_prism.routing"):
        _chat(client, key, "auto")
    lines = [r.getMessage() for r in caplog.records if r.name == "model_prism.routing.pipeline"]
    assert any(" -> " in line for line in lines)
