"""Seeds the zero-setup demo: an admin, the built-in demo provider, the default tenant and its key."""

from __future__ import annotations

import secrets

from .config import Config
from .models import Tenant, User
from .providers.transport import Transport
from .services import providers, seeding, setup, tenants, users


def seed_demo(config: Config, transport: Transport) -> dict | None:
    """Seed an empty store; give the credentials (shown once), or None when users already exist."""
    if User.objects.first() is not None:
        return None
    username = config.dev_admin_username or "admin"
    password = config.dev_admin_password or secrets.token_urlsafe(12)
    users.create_user(username=username, password=password, role="admin")
    key = seeding.ensure_defaults(config.default_tenant_api_key)
    demo = providers.create_provider(
        name="Demo", type="demo", slug="demo", config={"baseUrl": "", "auth": {"type": "none"}}
    )
    providers.discover(str(demo.id), transport)
    default = Tenant.objects(isDefault=True).first()
    tenants.add_provider(default, demo.id)
    Tenant.objects(id=default.id).update_one(set__routing__baselineModel="demo-max")
    setup.complete(username)
    return {"username": username, "password": password, "api_key": key}
