"""Shared pieces of the reliability suite: an admin session on the app and a tally the README's counts come from."""

from __future__ import annotations

import itertools

import pytest
from flask_jwt_extended import create_access_token

from model_prism.auth.tokens import claims_for
from model_prism.models import User
from model_prism.services import setup, users

_ips = itertools.count(1)


def fresh_ip() -> str:
    """Give a new client address so the per-IP admin limit (300/min) never hides what a test looks at."""
    n = next(_ips)
    return f"10.{200 + ((n >> 16) & 31)}.{(n >> 8) & 255}.{n & 255}"


def token_for(app, user: User) -> str:
    """Give a fresh access token for the user (a fuzzed logout may revoke the previous one)."""
    with app.app_context():
        return create_access_token(identity=str(user.id), additional_claims=claims_for(user))


@pytest.fixture
def admin_user(app):
    """Give the first admin, with setup completed."""
    user = users.create_user(username="root-admin", password="correct-horse-battery", role="admin")
    setup.complete("root-admin")
    return user
