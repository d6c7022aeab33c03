"""Fixtures for the experiment tests; the app wires the experiment hook itself."""

from __future__ import annotations

import pytest

from model_prism.gateway import experiments
from model_prism.models import User
from model_prism.services import seeding, setup
from tests.factories import make_provider, make_tenant
from tests.functional.admin.helpers import token_for


def wire_experiments(state, monkeypatch) -> experiments.ExperimentStage:
    """The app wires the hook itself (stage after `route`, log fields, metrics after each write); give its stage."""
    return next(s for s in state.gateway.stages if isinstance(s, experiments.ExperimentStage))


@pytest.fixture
def routed(state, monkeypatch):
    """Give (tenant, key, demo provider) of a routing-enabled tenant with the hook wired."""
    seeding.ensure_categories()
    seeding.ensure_default_rule_set()
    demo = make_provider(state, name="Demo", type="demo")
    tenant, key = make_tenant(providers_=[demo], routing={"enabled": True, "baselineModel": "demo-max"})
    wire_experiments(state, monkeypatch)
    return tenant, key, demo


@pytest.fixture
def admin_token(app):
    admin = User(username="root", role="admin").save()
    setup.complete("root")
    return token_for(app, admin)
