"""A demo provider on the default tenant, chat settings, and the origin field wired as the report asks."""

from __future__ import annotations

import pytest

from model_prism.gateway import recording
from model_prism.models import ChatConfig, Tenant, User
from model_prism.services import chat_send, seeding, setup
from tests.factories import make_provider
from tests.functional.admin.helpers import token_for


@pytest.fixture
def chat_ready(state, monkeypatch):
    """Give the default tenant (routing on, demo provider); requests of the chat tenant log origin 'chat'."""
    seeding.ensure_defaults()
    demo = make_provider(state, name="Demo", type="demo")
    default = Tenant.objects.get(isDefault=True)
    default.providerIds = [demo.id]
    default.routing = {**default.routing, "baselineModel": "demo-max"}
    default.save()
    original = recording._request_fields
    monkeypatch.setattr(
        recording, "_request_fields", lambda ctx: {**original(ctx), **chat_send.log_fields(ctx)}
    )
    return default


def configure(**settings) -> None:
    doc = ChatConfig.objects(singleton="default").first() or ChatConfig(singleton="default", settings={})
    doc.settings = {**(doc.settings or {}), **settings}
    doc.save()


@pytest.fixture
def tokens(app):
    users = {
        role: User(username=f"u-{role}", role=role).save() for role in ("admin", "chat-user", "tenant-viewer")
    }
    setup.complete("u-admin")
    return {role: token_for(app, user) for role, user in users.items()}
