"""Outbound safety for provider base URLs: scheme, no embedded credentials, private targets only when allowed."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from ..errors import ValidationFailed

_LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")


def _is_private(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def _addresses(host: str, resolve: bool) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    if not resolve:
        return []
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return []  # an unresolvable name is the connection check's business, not a safety issue
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def validate_base_url(url: str, allow_private: bool, *, resolve: bool = True) -> str:
    """Give the cleaned base URL (no trailing `/`), or raise ValidationFailed saying what is wrong.

    Rules: http or https only; a host is required; no `user:password@` (keys belong in the auth
    fields, where they are sealed); no query or fragment; loopback, private, link-local (cloud
    metadata 169.254.169.254) and other non-public targets only when `allow_private` is true —
    the admin switch for local providers such as Ollama or vLLM. With `resolve`, host names are
    resolved and every address must pass (a public name pointing at 127.0.0.1 is refused too).
    """
    text = (url or "").strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https"):
        raise ValidationFailed("Base URL must start with http:// or https://", details={"baseUrl": text})
    if not parts.hostname:
        raise ValidationFailed("Base URL has no host name", details={"baseUrl": text})
    if parts.username or parts.password:
        raise ValidationFailed(
            "Base URL must not contain credentials; put the API key in the key field",
            details={"baseUrl": "<redacted>"},
        )
    if parts.query or parts.fragment:
        raise ValidationFailed(
            "Base URL must not contain a query string or fragment", details={"baseUrl": text}
        )
    try:
        _ = parts.port
    except ValueError:
        raise ValidationFailed("Base URL has an invalid port", details={"baseUrl": text}) from None
    if not allow_private:
        host = parts.hostname.lower()
        private = (
            host in _LOCAL_NAMES
            or host.endswith(".localhost")
            or any(_is_private(a) for a in _addresses(host, resolve))
        )
        if private:
            raise ValidationFailed(
                f"Base URL points to a private or loopback address ({host}); enable 'Allow private network' "
                "for local providers such as Ollama",
                details={"baseUrl": text},
            )
    return text.rstrip("/")


_PRIVATE_DEFAULT = [True]


def configure(allow_private_default: bool) -> None:
    """Set the process-wide default (ALLOW_PRIVATE_PROVIDER_URLS); a provider's `allowPrivateNetwork` option
    still allows loopback/private targets for that provider alone."""
    _PRIVATE_DEFAULT[0] = allow_private_default


def check_provider_url(url: str, options: dict | None) -> str:
    """Give the validated base URL under the configured policy (empty stays empty: the type's default host)."""
    if not (url or "").strip():
        return ""
    allow = _PRIVATE_DEFAULT[0] or bool((options or {}).get("allowPrivateNetwork"))
    return validate_base_url(url, allow, resolve=not allow)
