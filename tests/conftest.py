"""Shared fixtures: an embedded store per test, the app, fake providers and factories."""

from __future__ import annotations

import os
import uuid

import pytest
from flask import Flask
from flask.testing import FlaskClient

from model_prism.app import create_app
from model_prism.config import Config
from tests.fakes.openai_server import FakeOpenAI


class ServedClient(FlaskClient):
    """Flask's test client, writing each response as a WSGI server does: the body is iterated to its end and closed
    before the test sees the response (the gateway records a request once its answer is written). A test that
    needs a body piece by piece (a client leaving mid-stream) drives `run_wsgi_app(..., buffered=False)` itself."""

    def open(self, *args, buffered: bool = True, **kwargs):
        return super().open(*args, buffered=buffered, **kwargs)


Flask.test_client_class = ServedClient

TEST_ENV = {
    "JWT_SECRET": "test-jwt-secret-0123456789abcdef0123456789",
    "ENCRYPTION_KEY": "0123456789abcdef0123456789abcdef",
    "LOG_LEVEL": "warn",
}


def make_config(**overrides) -> Config:
    """Give a Config on a fresh embedded store (or the real MongoDB named by MONGODB_URI)."""
    env = dict(TEST_ENV)
    real = os.environ.get("MONGODB_URI", "")
    base = real.rsplit("/", 1)[0] if real.startswith("mongodb") else "mongomock://localhost"
    env["MONGODB_URI"] = f"{base}/omp-test-{uuid.uuid4().hex[:12]}"
    env.update(overrides)
    return Config.from_env(env)


@pytest.fixture
def app(tmp_path):
    application = create_app(make_config(DATA_DIR=str(tmp_path / "data")), start_background=False)
    yield application
    from model_prism import store

    state = application.extensions["model_prism"]
    if state.embedded is not None:
        state.embedded.release()
    if not state.config.embedded_store:
        store.database().client.drop_database(store.database().name)


@pytest.fixture
def state(app):
    return app.extensions["model_prism"]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def fake_openai():
    with FakeOpenAI() as fake:
        yield fake


@pytest.fixture
def flush(state):
    """Call to write queued usage events now (the background writer is off in functional tests)."""
    return state.sink.flush
