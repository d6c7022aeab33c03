"""The real server process (gunicorn + gevent) driven by the official anthropic SDK (Messages: plain, streamed,
with tools, count_tokens) and the official openai SDK (legacy completions with suffix, streamed)."""

from __future__ import annotations

import re

import pytest
import requests
from anthropic import Anthropic, AuthenticationError
from openai import OpenAI

from tests.e2e.server import PrismServer
from tests.functional.gateway.tool_fake import TOOL_CALL_ID, TOOL_NAME, ToolCallingOpenAI, tool_args

WEATHER_TOOL = {
    "name": TOOL_NAME,
    "description": "Current weather for a city",
    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
}


def _admin_token(srv: PrismServer, seed_output: str) -> str:
    user, password = re.search(r"admin login : (\S+) / (\S+)", seed_output).groups()
    res = requests.post(
        srv.url + "/api/prism/auth/login", json={"username": user, "password": password}, timeout=10
    )
    assert res.status_code == 200, res.text
    return res.json()["token"]


def _tool_tenant(srv: PrismServer, token: str, upstream: str) -> str:
    """Create a provider on the tool-calling fake and a tenant `tools` on it; give the tenant key."""
    auth = {"Authorization": f"Bearer {token}"}
    config = {"baseUrl": upstream, "auth": {"type": "api_key", "apiKey": "sk-test"}}
    res = requests.post(
        srv.url + "/api/prism/admin/providers/",
        json={"name": "Tools", "type": "openai", "config": config},
        headers=auth,
        timeout=10,
    )
    assert res.status_code == 201, res.text
    provider = res.json()["_id"]
    res = requests.post(srv.url + f"/api/prism/admin/providers/{provider}/discover", headers=auth, timeout=30)
    assert res.status_code == 200, res.text
    res = requests.post(
        srv.url + "/api/prism/admin/tenants/",
        json={"slug": "tools", "name": "Tools", "providerIds": [provider]},
        headers=auth,
        timeout=10,
    )
    assert res.status_code == 201, res.text
    return res.json()["apiKey"]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """Give (server, default-tenant key, tools-tenant key); the tools tenant is served by the fake upstream."""
    with ToolCallingOpenAI() as upstream:
        srv = PrismServer(tmp_path_factory.mktemp("prism-surfaces"))
        out = srv.cli("seed-demo")
        assert out.returncode == 0, out.stderr
        key = re.search(r"omp-[0-9a-f]{64}", out.stdout).group(0)
        with srv:
            probe = requests.post(srv.url + "/api/v1/messages", json={}, timeout=5)
            if probe.status_code == 404:
                pytest.skip("create_app does not call gateway.surfaces.register(state) yet")
            tools_key = _tool_tenant(srv, _admin_token(srv, out.stdout), upstream.base_url)
            yield srv, key, tools_key


def test_messages_plain_and_streamed_with_the_anthropic_sdk(served):
    srv, key, _ = served
    client = Anthropic(base_url=srv.url + "/api", api_key=key, max_retries=0)
    reply = client.messages.create(
        model="auto",
        max_tokens=200,
        system="You are a demo.",
        messages=[{"role": "user", "content": "Hello from Claude Code"}],
    )
    assert reply.type == "message" and reply.role == "assistant" and reply.id.startswith("msg_")
    assert reply.content[0].type == "text" and reply.content[0].text.startswith("This is demo-")
    assert reply.stop_reason == "end_turn"
    assert reply.usage.input_tokens > 0 and reply.usage.output_tokens > 0
    assert reply.model_extra["cost_info"]["output_tokens"] == reply.usage.output_tokens

    with client.messages.stream(
        model="demo/demo-small", max_tokens=200, messages=[{"role": "user", "content": "Stream please"}]
    ) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text.startswith("This is demo-small") and final.content[0].text == text
    assert final.stop_reason == "end_turn" and final.usage.output_tokens > 1

    count = client.messages.count_tokens(model="auto", messages=[{"role": "user", "content": "hi " * 50}])
    assert count.input_tokens > 10

    with pytest.raises(AuthenticationError):
        Anthropic(base_url=srv.url + "/api", api_key="omp-wrong", max_retries=0).messages.create(
            model="auto", max_tokens=10, messages=[{"role": "user", "content": "x"}]
        )


def test_messages_with_tools_plain_and_streamed(served):
    srv, _, tools_key = served
    client = Anthropic(base_url=srv.url + "/api/tools", api_key=tools_key, max_retries=0)
    question = {"role": "user", "content": "Weather in Paris?"}
    reply = client.messages.create(model="gpt-4o", max_tokens=200, tools=[WEATHER_TOOL], messages=[question])
    assert reply.stop_reason == "tool_use"
    call = reply.content[0]
    assert (call.type, call.id, call.name, call.input) == ("tool_use", TOOL_CALL_ID, TOOL_NAME, tool_args())

    answer = client.messages.create(
        model="gpt-4o",
        max_tokens=200,
        tools=[WEATHER_TOOL],
        messages=[
            question,
            {"role": "assistant", "content": [c.model_dump() for c in reply.content]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": call.id, "content": "21C"}]},
        ],
    )
    assert answer.stop_reason == "end_turn" and answer.content[0].text == "Hello from the fake upstream."

    with client.messages.stream(
        model="gpt-4o", max_tokens=200, tools=[WEATHER_TOOL], messages=[question]
    ) as stream:
        final = stream.get_final_message()
    assert final.stop_reason == "tool_use"
    assert [(b.type, b.name, b.input) for b in final.content] == [("tool_use", TOOL_NAME, tool_args())]


def test_legacy_completions_with_suffix_and_streamed_with_the_openai_sdk(served):
    srv, key, _ = served
    client = OpenAI(base_url=srv.url + "/api/v1", api_key=key, max_retries=0)
    done = client.completions.create(
        model="demo/demo-small", prompt="def add(a, b):\n    ", suffix="\n\nprint(add(1, 2))", max_tokens=12
    )
    assert done.object == "text_completion" and done.choices[0].text.startswith("This is demo-small")
    assert done.choices[0].finish_reason == "length" and done.usage.completion_tokens == 12

    stream = client.completions.create(
        model="demo/demo-small",
        prompt="x = ",
        suffix="\n",
        max_tokens=6,
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].text for c in chunks if c.choices)
    assert text.startswith("This is demo-small")
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens == 6
