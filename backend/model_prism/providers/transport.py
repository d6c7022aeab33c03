"""The only module that talks HTTP to providers: pooled urllib3 connections, explicit timeouts, no redirects."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from http.client import HTTPException
from typing import TypeVar
from urllib.parse import unquote

import orjson
import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError as ConnectTimeout,
)
from urllib3.exceptions import (
    HTTPError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)
from urllib3.util import parse_url

from ..errors import ProviderError

MAX_RESPONSE_BYTES = 64 * 1024 * 1024
MAX_LINE_BYTES = 16 * 1024 * 1024  # one SSE/NDJSON line; a stream may be longer, a line may not
CONNECT_TIMEOUT = 10.0
CHAT_READ_TIMEOUT = 600.0
LIST_READ_TIMEOUT = 30.0
T = TypeVar("T")
FINISH_TIMEOUT = 0.05  # for the end of a body whose last event was read: servers send it with that event
FINISH_MAX_BYTES = 65536  # more than this after the last event: the body is closed instead of drained


@dataclass(frozen=True)
class UpstreamResponse:
    status: int
    headers: dict[str, str]
    data: bytes

    def json(self):
        return orjson.loads(self.data) if self.data else None

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", "replace")


class UpstreamStream:
    """An open streaming response; iterate lines, always `close()` (a client disconnect must free the upstream)."""

    def __init__(self, response: urllib3.BaseHTTPResponse) -> None:
        self._response = response
        self.status = response.status
        self.headers = {k.lower(): v for k, v in response.headers.items()}
        self._source: Iterator[bytes] | None = None

    def _arrivals(self) -> Iterator[bytes]:
        """Give the body's reader: one for the whole response, so `finish` drains the reader the events came from."""
        if self._source is None:
            self._source = self._read_body()
        return self._source

    def _read_body(self) -> Iterator[bytes]:
        """Give a chunked body chunk by chunk (urllib3's chunk reader: its error handling is entered once for the
        body, not once per read), any other body as soon as bytes arrive (read1: one socket read), so an SSE
        upstream that does not use chunked encoding is relayed event by event rather than 8 KiB at a time."""
        response = self._response
        if response.chunked and response.supports_chunked_reads():
            yield from response.read_chunked(decode_content=True)
            return
        while True:
            data = response.read1(65536, decode_content=True)
            if not data:
                return
            yield data

    def lines(self) -> Iterator[bytes]:
        buffer = b""
        try:
            for chunk in self._arrivals():
                buffer += chunk
                if len(buffer) > MAX_LINE_BYTES and b"\n" not in buffer:
                    raise ProviderError(
                        "Upstream stream line too long (no newline within 16 MiB)", status=502
                    )
                while True:
                    nl = buffer.find(b"\n")
                    if nl < 0:
                        break
                    line, buffer = buffer[:nl].rstrip(b"\r"), buffer[nl + 1 :]
                    yield line
            if buffer:
                yield buffer.rstrip(b"\r")
        except (ProtocolError, ReadTimeoutError, OSError) as exc:
            raise ProviderError(f"Upstream stream terminated: {describe(exc)}", status=502) from None

    def chunks(self) -> Iterator[bytes]:
        """Give the raw body bytes as they arrive (binary framings such as AWS event streams)."""
        try:
            yield from self._arrivals()
        except (ProtocolError, ReadTimeoutError, OSError) as exc:
            raise ProviderError(f"Upstream stream terminated: {describe(exc)}", status=502) from None

    def read_all(self) -> bytes:
        return self._response.read(decode_content=True)

    def relay(self, events: Iterator[T]) -> Iterator[T]:
        """Yield the events parsed from this stream; after the last one give the connection back (`finish`),
        and close it on any earlier end (the client went away, the parser raised)."""
        try:
            yield from events
            self.finish()
        finally:
            self.close()

    def finish(self) -> None:
        """The last event was read: read the rest of the body (a chunked stream's closing chunk), waiting at most
        FINISH_TIMEOUT, so the connection goes back to the pool for the next request; a body that has not ended
        by then (or has more than 64 KiB left) is closed as an abandoned one."""
        response = self._response
        if not response.closed:
            sock = getattr(response.connection, "sock", None)
            try:
                if sock is not None:
                    sock.settimeout(FINISH_TIMEOUT)  # urllib3 sets the next request's timeout itself
                left = FINISH_MAX_BYTES
                for data in self._arrivals():
                    left -= len(data)
                    if left < 0:
                        break
            except (HTTPError, OSError, HTTPException):
                pass  # urllib3 has closed the connection: it is not reused
        self.close()

    def close(self) -> None:
        """Free the connection: a body left unread (client went away) closes the socket so the upstream stops."""
        response = self._response
        if self._source is not None:
            self._source.close()  # a reader stopped mid-body closes the connection (urllib3's error handling)
        if not response.closed:
            response.close()
        response.release_conn()


class OneWriteRequest:
    """Connection mixin: a request's head leaves in the same write as the first piece of its body.

    http.client writes the head and the body with two `send()` calls: two TCP segments (two TLS records
    over HTTPS) and two wake-ups of the provider's server for one small JSON request. The head is held at
    `endheaders()` and joined to the first body chunk; a request without a body sends it when the response
    is awaited. Nothing else changes: same bytes on the wire, same errors.
    """

    _holding = False
    _held: bytes | None = None

    def endheaders(self, message_body=None, *, encode_chunked: bool = False) -> None:
        self._holding = True  # the next send() is the head http.client has just built
        try:
            super().endheaders(message_body, encode_chunked=encode_chunked)  # type: ignore[misc]
        finally:
            self._holding = False

    def send(self, data) -> None:
        if self._holding:
            self._holding, self._held = False, bytes(data)
            return
        held, self._held = self._held, None
        if held is not None:
            if isinstance(data, bytes | bytearray | memoryview):
                data = held + data
            else:  # a file-like body: the head goes first, on its own
                super().send(held)  # type: ignore[misc]
        super().send(data)  # type: ignore[misc]

    def getresponse(self):
        held, self._held = self._held, None
        if held is not None:
            super().send(held)  # type: ignore[misc]
        return super().getresponse()  # type: ignore[misc]

    def close(self) -> None:
        self._held = None
        super().close()  # type: ignore[misc]


class OneWriteHTTPSConnection(OneWriteRequest, HTTPSConnection):
    pass


class OneWriteHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = OneWriteHTTPSConnection


class PeekingHTTPConnection(OneWriteRequest, HTTPConnection):
    """Plain-HTTP connection (head and body in one write) whose reuse check is one non-blocking MSG_PEEK on the OS
    socket.

    urllib3 asks every pooled connection `is_connected` before reusing it, through a zero-timeout poll();
    under gevent that poll builds and tears down a hub watcher (about 0.25 ms a request on this machine).
    gevent keeps its OS socket non-blocking, so a peek answers the same question without the hub: no data
    yet means alive; end of stream, unexpected bytes or an error mean the connection is dropped.
    """

    @property
    def is_connected(self) -> bool:
        raw = getattr(self.sock, "_sock", None)  # gevent's socket wraps the OS socket
        if raw is None or raw.gettimeout() != 0.0:
            return super().is_connected
        try:
            raw.recv(1, socket.MSG_PEEK)
        except BlockingIOError:
            return True
        except OSError:
            return False
        return False


class PeekingHTTPPool(HTTPConnectionPool):
    ConnectionCls = PeekingHTTPConnection


class UnverifiedHTTPSPool(OneWriteHTTPSPool):
    """HTTPS pool for providers an admin marked "Skip SSL": no per-request InsecureRequestWarning.

    The choice is explicit and per provider (and shown in the UI and the connection check); a
    warning per request would only flood logs (and fail tests that treat warnings as errors).
    """

    def _validate_conn(self, conn) -> None:
        HTTPConnectionPool._validate_conn(self, conn)
        if conn.is_closed:
            conn.connect()


class Transport:
    """Pooled HTTP client shared by all adapters of one worker; pools keyed by TLS and proxy settings."""

    def __init__(self, pool_maxsize: int = 256) -> None:
        self._pool_maxsize = pool_maxsize
        self._managers: dict[tuple[bool, str], urllib3.PoolManager] = {}
        self._pools: dict[tuple[bool, str], HTTPConnectionPool] = {}

    def _pool(self, skip_ssl: bool, origin: str) -> HTTPConnectionPool:
        """Give the manager's pool of one scheme://host:port, remembered so a request skips the manager."""
        pool = self._pools.get((skip_ssl, origin))
        if pool is None:
            pool = self._manager(skip_ssl, "").connection_from_url(origin)
            self._pools[(skip_ssl, origin)] = pool
        return pool

    def _manager(self, skip_ssl: bool, proxy: str) -> urllib3.PoolManager:
        key = (skip_ssl, proxy)
        manager = self._managers.get(key)
        if manager is None:
            kw: dict = {"maxsize": self._pool_maxsize, "block": False, "retries": False}
            if skip_ssl:
                kw["cert_reqs"] = ssl.CERT_NONE  # urllib3 then skips the host-name match too
            manager = _proxy_manager(proxy, kw) if proxy else urllib3.PoolManager(**kw)
            if not proxy:
                https = UnverifiedHTTPSPool if skip_ssl else OneWriteHTTPSPool
                manager.pool_classes_by_scheme = {"http": PeekingHTTPPool, "https": https}
            elif skip_ssl:
                manager.pool_classes_by_scheme = {"http": HTTPConnectionPool, "https": UnverifiedHTTPSPool}
            self._managers[key] = manager
        return manager

    def request(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        read_timeout: float = CHAT_READ_TIMEOUT,
        skip_ssl: bool = False,
        proxy: str = "",
    ) -> UpstreamResponse:
        """Send one request and give the whole response (bounded in size); network failures raise ProviderError."""
        stream = self.open(
            method, url, body=body, headers=headers, read_timeout=read_timeout, skip_ssl=skip_ssl, proxy=proxy
        )
        try:
            data = stream._response.read(MAX_RESPONSE_BYTES + 1, decode_content=True)
        except (ProtocolError, ReadTimeoutError, OSError) as exc:
            raise ProviderError(f"Upstream response interrupted: {describe(exc)}", status=502) from None
        finally:
            stream.close()
        if len(data) > MAX_RESPONSE_BYTES:
            raise ProviderError("Upstream response too large", status=502)
        return UpstreamResponse(stream.status, stream.headers, data)

    def open(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        read_timeout: float = CHAT_READ_TIMEOUT,
        skip_ssl: bool = False,
        proxy: str = "",
    ) -> UpstreamStream:
        """Send one request and give the open response for streaming."""
        kw = {"body": body, "headers": headers, "timeout": _timeout(read_timeout), "redirect": False}
        try:
            if proxy:
                response = self._manager(skip_ssl, proxy).request(method, url, preload_content=False, **kw)
            else:  # straight to the origin's pool: what PoolManager.request does, without re-parsing the URL
                origin, target = _split(url)
                pool = self._pool(skip_ssl, origin)
                response = pool.urlopen(
                    method, target, retries=False, assert_same_host=False, preload_content=False, **kw
                )
        except HTTPError as exc:
            raise ProviderError(describe(exc), status=None) from None
        return UpstreamStream(response)


@lru_cache(maxsize=1024)
def _split(url: str) -> tuple[str, str]:
    """Give (scheme://host:port, path?query) of an absolute URL."""
    parsed = parse_url(url)
    if not parsed.scheme or not parsed.host:
        raise ProviderError(f"Invalid provider URL: {url}", status=None)
    origin = f"{parsed.scheme}://{parsed.host}" + (f":{parsed.port}" if parsed.port else "")
    return origin, parsed.request_uri


@lru_cache(maxsize=64)
def _timeout(read: float) -> urllib3.Timeout:
    return urllib3.Timeout(connect=CONNECT_TIMEOUT, read=read)


def _proxy_manager(proxy: str, kw: dict) -> urllib3.ProxyManager:
    """Give a ProxyManager; `user:password@` in the proxy URL becomes a Proxy-Authorization header."""
    parsed = parse_url(proxy)
    if parsed.auth:
        kw = {**kw, "proxy_headers": urllib3.make_headers(proxy_basic_auth=unquote(parsed.auth))}
        proxy = parsed._replace(auth=None).url
    return urllib3.ProxyManager(proxy, **kw)


def describe(exc: BaseException) -> str:
    """Give a plain-language cause for a network failure (no secrets: URLs carry none)."""
    inner = exc.reason if isinstance(exc, MaxRetryError) and exc.reason else exc
    if isinstance(inner, NameResolutionError) or isinstance(
        getattr(inner, "__cause__", None), socket.gaierror
    ):
        return f"DNS lookup failed (ENOTFOUND): {inner}"
    if isinstance(inner, SSLError):
        return f"TLS handshake failed: {inner}"
    # NewConnectionError subclasses ConnectTimeoutError in urllib3, so it is told apart first.
    if isinstance(inner, NewConnectionError) and "refused" in str(inner).lower():
        return f"Connection refused (ECONNREFUSED): {inner}"
    if isinstance(inner, ConnectTimeout) and "timed out" in str(inner).lower():
        return f"Connection timed out (ETIMEDOUT): {inner}"
    if isinstance(inner, ReadTimeoutError):
        return f"Read timed out (ETIMEDOUT): {inner}"
    if isinstance(inner, NewConnectionError):
        return f"Cannot connect: {inner}"
    return f"{type(inner).__name__}: {inner}"
