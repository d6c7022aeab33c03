"""Admin sign-in: local bcrypt accounts first, then LDAP; throttled per user and per IP; logout revokes."""

from __future__ import annotations

import logging

from ..auth import throttle
from ..auth.ldap_client import LdapError, authenticate, run_blocking
from ..auth.revocation import REVOKED
from ..errors import Unauthorized, ValidationFailed
from ..models import User
from . import ldap_config, users

log = logging.getLogger(__name__)


def _ldap_user(username: str, password: str) -> User | None:
    settings = ldap_config.login_settings()
    if settings is None:
        return None
    try:
        identity = run_blocking(authenticate, settings, username, password)
    except LdapError as exc:
        log.warning("LDAP login failed for a user: %s", exc)
        return None
    if identity is None:
        return None
    return users.upsert_ldap_user(identity.username, identity.role)


def login(username: str, password: str, ip: str) -> User:
    """Give the signed-in user; 400 missing fields, 429 throttled, 401 'Invalid credentials'."""
    if not username or not password:
        raise ValidationFailed("Username and password required")
    name = username.strip().lower()
    throttle.check_login_allowed(name, ip)
    user = users.check_local_login(name, password) or _ldap_user(name, password)
    if user is None:
        throttle.record_login_failure(name, ip)
        raise Unauthorized("Invalid credentials")
    return user


def logout(jti: str, exp: int | None) -> None:
    """Revoke the token for every worker (kept until the token would expire anyway)."""
    REVOKED.revoke(jti, exp)
