"""flask-smorest blueprints and schemas for /api/prism/*."""

from __future__ import annotations

from flask_smorest import Api

from ..auth.extensions import register_auth_extensions
from . import (
    appearance,
    auth,
    benchmarks,
    categories,
    chat,
    dashboard,
    experiments,
    ide_config,
    ldap,
    prompt_engineer,
    providers,
    quotas,
    routing,
    setup,
    synthetic,
    system,
    tenant_portal,
    tenants,
    tokenize,
    users,
    webhooks,
)

BLUEPRINTS = (
    setup.blp,
    auth.blp,
    providers.blp,
    tenants.blp,
    users.blp,
    ldap.blp,
    categories.blp,
    routing.blp,
    synthetic.blp,
    dashboard.blp,
    quotas.blp,
    experiments.blp,
    webhooks.blp,
    system.blp,
    tenant_portal.blp,
    ide_config.blp,
    ide_config.public_blp,
    tokenize.blp,
    appearance.blp,
    chat.blp,
    chat.public_blp,
    benchmarks.blp,
    prompt_engineer.blp,
    prompt_engineer.public_blp,
)


def register_admin(api: Api) -> None:
    """Register every control-plane blueprint on the smorest Api (and the auth hooks on its app)."""
    app = getattr(api, "_app", None)
    jwt = app.extensions.get("flask-jwt-extended") if app is not None else None
    if app is not None and jwt is not None:
        register_auth_extensions(app, jwt)
    for blp in BLUEPRINTS:
        api.register_blueprint(blp)
    document_security_and_errors(api)


def document_security_and_errors(api: Api) -> None:
    """Describe the bearer JWT, a JSON success answer and the admin error shape {"error", "details"}."""
    components = api.spec.components
    if "bearerAuth" not in components.security_schemes:
        components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    api.spec.options["security"] = [{"bearerAuth": []}]
    for operations in getattr(api.spec, "_paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {}) if isinstance(operation, dict) else None
            if responses is not None and not any(str(code).startswith("2") for code in responses):
                responses["200"] = {"description": "OK", "content": {"application/json": {"schema": {}}}}
    components.schemas["Error"] = {
        "type": "object",
        "properties": {"error": {"type": "string"}, "details": {"type": "object"}},
        "required": ["error"],
    }
