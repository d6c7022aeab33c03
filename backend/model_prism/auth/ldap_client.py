"""LDAP / Active Directory login with python-ldap: service bind, escaped user search, user bind, group → role."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import ldap
from ldap.filter import escape_filter_chars

log = logging.getLogger(__name__)
T = TypeVar("T")
ATTRIBUTES = ["dn", "uid", "cn", "mail", "memberOf"]


class LdapError(Exception):
    """The directory could not be used (unreachable, timed out, service bind refused)."""


@dataclass(frozen=True)
class LdapSettings:
    url: str
    bind_dn: str = ""
    bind_password: str = ""
    search_base: str = ""
    search_filter: str = "(uid={{username}})"
    default_role: str = "chat-user"
    group_mapping: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    tls_insecure: bool = False
    timeout: float = 5.0


@dataclass(frozen=True)
class LdapIdentity:
    username: str
    role: str
    dn: str


def run_blocking(fn: Callable[..., T], *args) -> T:
    """Run a blocking call in gevent's thread pool when gevent patched sockets (plain call otherwise)."""
    try:
        from gevent import get_hub, monkey
    except ImportError:  # pragma: no cover - gevent is a dependency
        return fn(*args)
    if monkey.is_module_patched("socket"):
        return get_hub().threadpool.apply(fn, args)
    return fn(*args)


def _connect(settings: LdapSettings):
    if not settings.url.lower().startswith(("ldap://", "ldaps://")):
        raise LdapError("LDAP URL must start with ldap:// or ldaps://")
    try:
        conn = ldap.initialize(settings.url)
    except ldap.LDAPError as exc:
        raise LdapError(f"Invalid LDAP URL: {_describe(exc)}") from None
    conn.protocol_version = ldap.VERSION3
    conn.set_option(ldap.OPT_NETWORK_TIMEOUT, settings.timeout)
    conn.set_option(ldap.OPT_TIMEOUT, settings.timeout)
    conn.set_option(ldap.OPT_REFERRALS, 0)
    if settings.tls_insecure:
        conn.set_option(ldap.OPT_X_TLS_REQUIRE_CERT, ldap.OPT_X_TLS_NEVER)
        conn.set_option(ldap.OPT_X_TLS_NEWCTX, 0)
    return conn


def _describe(exc: ldap.LDAPError) -> str:
    info = exc.args[0] if exc.args and isinstance(exc.args[0], dict) else {}
    text = info.get("desc") or type(exc).__name__
    return f"{text}: {info['info']}" if info.get("info") else text


def _service_bind(conn, settings: LdapSettings) -> None:
    try:
        conn.simple_bind_s(settings.bind_dn, settings.bind_password)
    except (ldap.SERVER_DOWN, ldap.TIMEOUT) as exc:
        raise LdapError(f"LDAP server unreachable: {_describe(exc)}") from None
    except ldap.LDAPError as exc:
        raise LdapError(f"LDAP service bind failed: {_describe(exc)}") from None


def check_service_bind(settings: LdapSettings) -> None:
    """Bind with the service account only; raises LdapError with a readable reason."""
    conn = _connect(settings)
    try:
        _service_bind(conn, settings)
    finally:
        conn.unbind_s()


def role_for(member_of: list[str], settings: LdapSettings) -> str:
    """Give the role of the first mapping whose group the user is in, else the default role."""
    groups = {g.lower() for g in member_of}
    for group_dn, role in settings.group_mapping:
        if group_dn.lower() in groups:
            return role
    return settings.default_role


def _find_user(conn, settings: LdapSettings, username: str):
    query = settings.search_filter.replace("{{username}}", escape_filter_chars(username))
    try:
        found = conn.search_s(settings.search_base, ldap.SCOPE_SUBTREE, query, ATTRIBUTES)
    except (ldap.SERVER_DOWN, ldap.TIMEOUT) as exc:
        raise LdapError(f"LDAP server unreachable: {_describe(exc)}") from None
    except ldap.NO_SUCH_OBJECT:
        return None
    return next(((dn, attrs) for dn, attrs in found if dn), None)


def authenticate(settings: LdapSettings, username: str, password: str) -> LdapIdentity | None:
    """Give the identity when the directory accepts the user's password; None for unknown user/wrong password."""
    if not username or not password:  # an empty password would be an anonymous bind
        return None
    conn = _connect(settings)
    try:
        _service_bind(conn, settings)
        entry = _find_user(conn, settings, username)
        if entry is None:
            return None
        dn, attrs = entry
        try:
            user_conn = _connect(settings)
            try:
                user_conn.simple_bind_s(dn, password)
            finally:
                user_conn.unbind_s()
        except (ldap.SERVER_DOWN, ldap.TIMEOUT) as exc:
            raise LdapError(f"LDAP server unreachable: {_describe(exc)}") from None
        except ldap.LDAPError:
            return None
        member_of = [v.decode("utf-8", "replace") for v in attrs.get("memberOf", [])]
        return LdapIdentity(username=username.strip().lower(), role=role_for(member_of, settings), dn=dn)
    finally:
        conn.unbind_s()
