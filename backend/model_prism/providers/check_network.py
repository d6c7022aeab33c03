"""Low-level reachability probes for the connection check: DNS, TCP connect and the TLS handshake."""

from __future__ import annotations

import socket
import ssl
import time
from dataclasses import dataclass

CONNECT_TIMEOUT = 5.0


@dataclass(frozen=True)
class Step:
    """One probe's outcome: ok, what it found (or the error), how long it took and a plain-language cause."""

    ok: bool
    detail: str
    ms: float
    cause: str = ""


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)


def resolve(host: str, port: int) -> tuple[Step, list[str]]:
    """Give the DNS step and the addresses found for host:port."""
    start = time.perf_counter()
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        cause = f"DNS lookup failed (ENOTFOUND): the host name {host!r} does not resolve — check for typos"
        return Step(False, str(exc), _ms(start), cause), []
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    return Step(True, ", ".join(addresses), _ms(start)), addresses


def connect(host: str, port: int) -> Step:
    """Give the TCP connect step (refused port, timeout)."""
    start = time.perf_counter()
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT):
            return Step(True, f"connected to {host}:{port}", _ms(start))
    except ConnectionRefusedError as exc:
        cause = f"Connection refused (ECONNREFUSED): nothing listens on {host}:{port} — is the server running and is the port right?"
        return Step(False, str(exc), _ms(start), cause)
    except TimeoutError as exc:
        cause = f"Connection timed out (ETIMEDOUT) to {host}:{port} — a firewall may drop the traffic, or a proxy is needed"
        return Step(False, str(exc) or "timed out", _ms(start), cause)
    except OSError as exc:
        return Step(False, str(exc), _ms(start), f"Cannot connect to {host}:{port}: {exc}")


def handshake(host: str, port: int, skip_ssl: bool) -> Step:
    """Give the TLS step: verified certificate, or why not (self-signed → Skip SSL)."""
    context = ssl.create_default_context()
    if skip_ssl:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    start = time.perf_counter()
    try:
        raw = socket.create_connection((host, port), timeout=CONNECT_TIMEOUT)
        try:
            with context.wrap_socket(raw, server_hostname=host) as tls:
                version = tls.version()
        finally:
            raw.close()
    except ssl.SSLCertVerificationError as exc:
        return Step(False, exc.verify_message or str(exc), _ms(start), _certificate_cause(exc))
    except (ssl.SSLError, OSError) as exc:
        cause = f"TLS handshake failed: {exc} — is this port really HTTPS? (try http://)"
        return Step(False, str(exc), _ms(start), cause)
    note = (
        f"{version}, certificate NOT verified (Skip SSL is on)"
        if skip_ssl
        else f"{version}, certificate verified"
    )
    return Step(True, note, _ms(start))


def _certificate_cause(exc: ssl.SSLCertVerificationError) -> str:
    message = (exc.verify_message or str(exc)).lower()
    if "self-signed" in message or "self signed" in message or "unable to get local issuer" in message:
        return (
            "The server's certificate is self-signed or signed by an unknown CA — enable 'Skip SSL verification' "
            "for this provider (or install the CA certificate on the gateway)"
        )
    if "hostname" in message or "ip address mismatch" in message:
        return "The certificate does not match the host name — use the name the certificate was issued for, or Skip SSL"
    if "expired" in message:
        return "The server's certificate has expired — renew it, or enable 'Skip SSL verification' meanwhile"
    return f"Certificate verification failed: {exc.verify_message or exc}"
