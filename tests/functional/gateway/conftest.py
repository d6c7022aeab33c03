"""Fixtures for the extra gateway surfaces: the app with `surfaces.register` applied and a tenant on a fake."""

from __future__ import annotations

import pytest

from model_prism.gateway.surfaces import register
from tests.factories import make_provider, make_tenant
from tests.functional.gateway.tool_fake import ToolCallingOpenAI

PRICES = {"gpt-4o-mini": (0.15, 0.60), "gpt-4o": (2.5, 10.0)}
TIERS = {"gpt-4o-mini": "low", "gpt-4o": "medium"}


@pytest.fixture
def surfaces(state):
    register(state)
    return state


@pytest.fixture
def tool_fake():
    with ToolCallingOpenAI() as fake:
        yield fake


@pytest.fixture
def tenant_key(surfaces, tool_fake):
    """Give the key of tenant `team-a` served by the tool-calling fake (auto routes to gpt-4o-mini)."""
    provider = make_provider(surfaces, base_url=tool_fake.base_url, tiers=TIERS)
    for m in provider.discoveredModels:
        m.inputPer1M, m.outputPer1M = PRICES.get(m.id, (None, None))
    provider.save()
    _, key = make_tenant(
        providers_=[provider],
        routing={"enabled": True, "defaultModel": "gpt-4o-mini", "baselineModel": "gpt-4o"},
    )
    return key
