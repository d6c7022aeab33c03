"""Adapter behaviours beyond the shared cases: Bedrock retries and errors, Azure API detection, timeouts."""

from __future__ import annotations

import socket
from types import MappingProxyType

import orjson
import pytest
from werkzeug.wrappers import Request, Response

from model_prism.errors import ProviderError
from model_prism.providers import ProviderConfig, adapter_for
from model_prism.providers.transport import Transport
from tests.fakes.azure_server import FakeAzure
from tests.fakes.bedrock_server import API_KEY, REGION, FakeBedrock, bedrock_error
from tests.fakes.openai_server import FakeBehaviour, FakeOpenAI
from tests.fakes.openai_wire import openai_error
from tests.fakes.scenarios import Plan


def _config(type_: str, base_url: str, key: str = "", **options) -> ProviderConfig:
    return ProviderConfig(
        id="n",
        slug="n",
        name="N",
        type=type_,
        base_url=base_url,
        api_key=key,
        options=MappingProxyType(options),
        credentials=MappingProxyType({"region": REGION}),
    )


class StopSequencesRejected(FakeBedrock):
    def app(self, request: Request) -> Response:
        body = orjson.loads(request.get_data() or b"{}")
        if "stopSequences" in (body.get("inferenceConfig") or {}):
            return bedrock_error(
                400, "Malformed input request: extraneous key [stopSequences] is not permitted"
            )
        return super().app(request)


def test_bedrock_retries_once_without_stop_sequences():
    with StopSequencesRejected() as fake:
        adapter = adapter_for(_config("bedrock", fake.base_url, key=API_KEY), Transport())
        reply = adapter.chat(
            {"model": "case-plain", "messages": [{"role": "user", "content": "hi"}], "stop": ["END"]}
        )
        chunks = list(
            adapter.chat_stream(
                {"model": "case-stream", "messages": [{"role": "user", "content": "hi"}], "stop": "END"}
            )
        )
    assert reply["choices"][0]["message"]["content"] == "Hello from the fake provider."
    assert chunks[-1]["usage"]["completion_tokens"] == 7
    assert len(fake.seen) == 4


def test_bedrock_unreachable_endpoint_is_explained():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    adapter = adapter_for(
        _config("bedrock", "", key=API_KEY, vpcEndpointRuntime=f"http://127.0.0.1:{port}"), Transport()
    )
    with pytest.raises(ProviderError, match="Cannot reach VPC endpoint — connection refused"):
        adapter.chat({"model": "m", "messages": [{"role": "user", "content": "hi"}]})


def test_bedrock_control_plane_dns_failure_still_passes_the_test():
    adapter = adapter_for(
        _config("bedrock", "", key=API_KEY, vpcEndpointControl="http://bedrock-control.invalid"), Transport()
    )
    result = adapter.test_connection()
    assert result["success"] is True and "control plane not reachable" in result["note"]


class ResponsesOnlyCodex(FakeAzure):
    def app(self, request: Request) -> Response:
        if "/deployments/gpt-5-codex/" in request.path:
            message = "The chatCompletion operation does not work with the specified model, gpt-5-codex. Please choose different model and try again."
            return openai_error(Plan(kind="error", status=400, message=message))
        if request.path == "/openai/responses" or "/deployments/" in request.path:
            return Response(
                orjson.dumps({"id": "ok", "output": [], "choices": []}), 200, content_type="application/json"
            )
        return super().app(request)


def test_azure_detects_responses_models():
    with ResponsesOnlyCodex() as fake:
        adapter = adapter_for(
            _config("azure", fake.base_url, key="azure-fake-key", deployments="gpt-4o\ngpt-5-codex"),
            Transport(),
        )
        found = adapter.detect_api_types()
    assert found == {"deployments": ["gpt-4o"], "responsesModels": ["gpt-5-codex"]}


def test_timeout_seconds_option_limits_the_wait():
    with FakeOpenAI(FakeBehaviour(delay=2.0)) as fake:
        adapter = adapter_for(_config("openai", fake.base_url, timeoutSeconds=0.3), Transport())
        with pytest.raises(ProviderError, match="Read timed out"):
            adapter.chat({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]})


def test_azure_embeddings_go_to_the_deployment():
    with FakeAzure() as fake:
        adapter = adapter_for(
            _config("azure", fake.base_url, key="azure-fake-key", deployments="text-embedding-3-small"),
            Transport(),
        )
        doc = adapter.embeddings(
            {"model": "text-embedding-3-small", "input": ["a", "b"], "encoding_format": "float"}
        )
    assert [d["index"] for d in doc["data"]] == [0, 1]
    assert fake.seen[0].path == "/openai/deployments/text-embedding-3-small/embeddings"
    assert orjson.loads(fake.seen[0].body) == {"input": ["a", "b"], "encoding_format": "float"}
