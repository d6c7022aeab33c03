"""The fake providers offered to gateway end-to-end runs discover their case models and stream the canonical text."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from model_prism.providers import ProviderConfig, adapter_for
from model_prism.providers.conformance.cases import TEXT
from model_prism.providers.transport import Transport
from tests.fakes.targets import CASE_MODELS, gateway_specs


def _config(body: dict) -> ProviderConfig:
    """Give the adapter's view of an admin-API provider body (what the providers service builds)."""
    auth = body["config"]["auth"]
    credentials = {k: auth[k] for k in ("accessKeyId", "secretAccessKey", "region") if k in auth}
    return ProviderConfig(
        id=body["name"],
        slug=body["name"].lower().replace(" ", "-"),
        name=body["name"],
        type=body["type"],
        base_url=body["config"]["baseUrl"],
        api_key=auth.get("apiKey", ""),
        auth_type=auth["type"],
        options=MappingProxyType(body["config"]["options"]),
        credentials=MappingProxyType(credentials),
    )


@pytest.mark.parametrize("spec", gateway_specs(), ids=lambda s: s.label)
def test_spec_discovers_and_streams(spec):
    with spec.server() as server:
        adapter = adapter_for(_config(spec.provider(server)), Transport(pool_maxsize=2))
        ids = [m["id"] for m in adapter.list_models()]
        chunks = list(
            adapter.chat_stream({"model": "case-stream", "messages": [{"role": "user", "content": "hi"}]})
        )
    assert set(CASE_MODELS) <= set(ids)
    text = "".join(
        (c.get("delta") or {}).get("content") or "" for ch in chunks for c in ch.get("choices") or ()
    )
    assert text == TEXT and chunks[-1]["choices"] == []
