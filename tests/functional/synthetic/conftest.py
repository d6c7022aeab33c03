"""Fixtures of the synthetic-tests API: the blueprint on the app, a scripted fake model, an admin and a tenant."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import orjson
import pytest

from model_prism.admin import synthetic as synthetic_admin
from model_prism.models import User
from model_prism.services import seeding, setup, synthetic_jobs
from model_prism.synthetic import findings, generation
from tests.factories import make_provider, make_tenant
from tests.fakes.openai_server import FakeOpenAI
from tests.functional.admin.helpers import call, token_for

CATEGORY = re.compile(r"intended routing category is `([^`]+)`")
Script = Callable[[dict], str]


class ScriptedOpenAI(FakeOpenAI):
    """The fake upstream playing generator, evaluator and classifier: each role answers from its own script."""

    def __init__(self) -> None:
        super().__init__()
        self.generator: list[Script] = []
        self.evaluator: list[Script] = []
        self.calls: dict[str, list[dict]] = {"generator": [], "evaluator": [], "classifier": []}

    def _chat(self, body: dict):
        system = str((body.get("messages") or [{}])[0].get("content"))
        role = (
            "generator"
            if generation.MARKER in system
            else "evaluator"
            if findings.MARKER in system
            else "classifier"
        )
        self.calls[role].append(body)
        script = getattr(self, role, None)
        if script:
            self.behaviour.reply = script.pop(0)(body) if len(script) > 1 else script[0](body)
        else:
            self.behaviour.reply = '{"category": "analysis_simple", "confidence": 0.9, "costTier": "low"}'
        return super()._chat(body)


def prompts_for(body: dict) -> str:
    """Give a valid generator answer (fenced, as models often write it) for the category the request asks about."""
    ask = body["messages"][1]["content"]
    key, n = CATEGORY.search(ask).group(1), int(re.search(r"Write exactly (\d+)", ask).group(1))
    items = [{"prompt": f"Prompt {i} about {key}: please help with this task in detail", "systemPrompt": None,
              "category": key, "language": "de" if i % 2 else "en", "tierMin": "low", "tierMax": None,
              "tags": ["t"]} for i in range(n)]  # fmt: skip
    return "```json\n" + orjson.dumps(items).decode() + "\n```"


@pytest.fixture(autouse=True)
def synthetic_blueprint(app):
    """Register the blueprint as the app will (the lead adds it to admin.BLUEPRINTS); join jobs afterwards."""
    api = app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    if "synthetic" not in app.blueprints:
        api.register_blueprint(synthetic_admin.blp)
    yield
    assert synthetic_jobs.join_all(15), "a synthetic job did not finish"


@pytest.fixture
def scripted():
    with ScriptedOpenAI() as fake:
        yield fake


@pytest.fixture
def world(app, state, scripted):
    """Give {token, provider, tenant, ref}: an admin, a provider on the scripted fake and a routed tenant."""
    admin = User(username="root", role="admin").save()
    setup.complete("root")
    seeding.ensure_defaults()
    provider = make_provider(
        state, base_url=scripted.base_url, tiers={"gpt-4o-mini": "low", "gpt-4o": "high"}
    )
    tenant, _ = make_tenant(slug="synth", providers_=[provider], routing={"enabled": True})
    return {"token": token_for(app, admin), "provider": provider, "tenant": tenant,
            "ref": {"providerId": str(provider.id), "modelId": "gpt-4o-mini"}}  # fmt: skip


def poll(client, token: str, path: str, done: Callable[[dict], bool], timeout: float = 30.0) -> dict:
    """Give the first answer of GET path for which done() holds (fail after timeout)."""
    deadline = time.monotonic() + timeout
    while True:
        body = call(client, "GET", path, token).get_json()
        if done(body):
            return body
        assert time.monotonic() < deadline, f"timed out waiting on {path}: {body}"
        time.sleep(0.05)
