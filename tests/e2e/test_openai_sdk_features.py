"""The official openai SDK against a real server process (gunicorn + gevent): tools (plain and streamed tool-call
deltas), response_format json_object and json_schema, embeddings and models; then every provider wire format
streamed through the real gateway."""

from __future__ import annotations

import json

import pytest
import requests
from openai import OpenAI

from model_prism.providers.conformance.cases import TEXT
from tests.e2e.server import PrismServer, provision
from tests.fakes.targets import CASE_MODELS, gateway_specs
from tests.functional.gateway.tool_fake import TOOL_ARGS, TOOL_NAME, ToolCallingOpenAI

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": TOOL_NAME,
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
        },
    }
]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with ToolCallingOpenAI() as fake, PrismServer(tmp_path_factory.mktemp("sdk")) as srv:
        key = provision(srv, fake.base_url, slug="sdk")
        yield fake, OpenAI(base_url=srv.url + "/api/sdk/v1", api_key=key, max_retries=0)


def test_tools_plain_and_streamed(served):
    _, client = served
    ask = [{"role": "user", "content": "Weather in Paris?"}]
    reply = client.chat.completions.create(model="gpt-4o", messages=ask, tools=TOOLS)
    call = reply.choices[0].message.tool_calls[0]
    assert reply.choices[0].finish_reason == "tool_calls" and call.function.name == TOOL_NAME
    assert json.loads(call.function.arguments) == json.loads(TOOL_ARGS)

    args, names, finish = "", set(), None
    for chunk in client.chat.completions.create(model="gpt-4o", messages=ask, tools=TOOLS, stream=True):
        for choice in chunk.choices:
            for delta in choice.delta.tool_calls or []:
                args += delta.function.arguments or ""
                if delta.function.name:
                    names.add(delta.function.name)
            finish = choice.finish_reason or finish
    assert names == {TOOL_NAME} and json.loads(args) == json.loads(TOOL_ARGS) and finish == "tool_calls"

    answered = ask + [
        {"role": "assistant", "content": None, "tool_calls": [call.model_dump()]},
        {"role": "tool", "tool_call_id": call.id, "content": "18 degrees"},
    ]
    final = client.chat.completions.create(model="gpt-4o", messages=answered, tools=TOOLS)
    assert final.choices[0].message.content


def test_response_formats_embeddings_and_models(served):
    fake, client = served
    fake.behaviour.reply = '{"answer": "yes"}'
    try:
        plain = client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": "json"}],
            response_format={"type": "json_object"},
        )
        assert json.loads(plain.choices[0].message.content) == {"answer": "yes"}
        schema = {
            "type": "json_schema",
            "json_schema": {
                "name": "a",
                "schema": {"type": "object", "properties": {"answer": {"type": "string"}}},
            },
        }
        structured = client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "json"}], response_format=schema
        )
        assert json.loads(structured.choices[0].message.content)["answer"] == "yes"
        assert fake.requests[-1]["response_format"]["type"] == "json_schema"
    finally:
        fake.behaviour.reply = "Hello from the fake upstream."
    emb = client.embeddings.create(model="text-embedding-3-small", input=["a", "b"])
    assert len(emb.data) == 2 and emb.data[0].embedding
    ids = {m.id for m in client.models.list()}
    assert {"upstream/gpt-4o", "upstream/text-embedding-3-small"} <= ids, ids


def test_every_wire_format_streams_through_the_real_gateway(tmp_path):
    specs = gateway_specs()
    servers = [spec.server() for spec in specs]
    for server in servers:
        server.__enter__()
    try:
        with PrismServer(tmp_path) as srv:
            s = requests.Session()
            base = srv.url + "/api/prism"
            s.post(base + "/setup/admin", json={"username": "admin", "password": "e2e-password"}, timeout=10)
            s.headers["Authorization"] = (
                "Bearer "
                + s.post(
                    base + "/auth/login", json={"username": "admin", "password": "e2e-password"}, timeout=10
                ).json()["token"]
            )
            s.post(base + "/setup/complete", timeout=10)
            slugs, ids = {}, []
            for spec, server in zip(specs, servers, strict=True):
                provider = s.post(base + "/admin/providers/", json=spec.provider(server), timeout=10).json()
                found = s.post(f"{base}/admin/providers/{provider['_id']}/discover", timeout=30).json()
                assert set(CASE_MODELS) <= {m["id"] for m in found["models"]}, spec.label
                slugs[spec.label] = provider["slug"]
                ids.append(provider["_id"])
            key = s.post(
                base + "/admin/tenants/",
                json={"slug": "wire", "name": "Wire", "providerIds": ids},
                timeout=10,
            ).json()["apiKey"]
            sdk = OpenAI(base_url=srv.url + "/api/wire/v1", api_key=key, max_retries=0)
            for label, slug in slugs.items():
                chunks = list(
                    sdk.chat.completions.create(
                        model=f"{slug}/case-stream",
                        messages=[{"role": "user", "content": "hi"}],
                        stream=True,
                        stream_options={"include_usage": True},
                    )
                )
                assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == TEXT, label
                assert chunks[-1].usage.completion_tokens == 7, label
    finally:
        for server in servers:
            server.__exit__(None, None, None)
