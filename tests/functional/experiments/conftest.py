"""Wires the experiment hook into the test app exactly as the report asks app.py/pipeline.py/recording.py to."""

from __future__ import annotations

from functools import partial

import pytest

from model_prism.gateway import autoroute, experiments, recording
from model_prism.models import User
from model_prism.services import seeding, setup
from tests.factories import make_provider, make_tenant
from tests.functional.admin.helpers import token_for


def wire_experiments(state, monkeypatch) -> experiments.ExperimentStage:
    """Insert the stage after `route`, add the log fields to every record, record metrics after each write."""
    stage = experiments.ExperimentStage()
    stages = list(state.gateway.stages)
    at = next(i for i, s in enumerate(stages) if isinstance(s, partial) and s.func is autoroute.route)
    stages.insert(at + 1, stage)
    monkeypatch.setattr(state.gateway, "stages", tuple(stages))
    original = recording._request_fields
    monkeypatch.setattr(
        recording, "_request_fields", lambda ctx: {**original(ctx), **experiments.log_fields(ctx)}
    )
    writer = state.sink._writer

    def write(batch):
        writer(batch)
        experiments.record_events(batch)

    monkeypatch.setattr(state.sink, "_writer", write)
    return stage


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
