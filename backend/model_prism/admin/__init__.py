"""flask-smorest blueprints and schemas for /api/prism/*."""

from __future__ import annotations

from flask_smorest import Api

from . import auth, providers, setup, tenants

BLUEPRINTS = (setup.blp, auth.blp, providers.blp, tenants.blp)


def register_admin(api: Api) -> None:
    """Register every control-plane blueprint on the smorest Api."""
    for blp in BLUEPRINTS:
        api.register_blueprint(blp)
