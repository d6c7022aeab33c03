"""The "Check Connection" diagnostic: which URL and paths were tried, DNS, TLS, HTTP status, latency, and why.

Output shape (admin-api.md §4 `POST /providers/:id/check`): `{success, log: [str], suggestUrl, error?,
apiPath?, modelCount?, probes: [...]}`. Log lines start with `→` (attempt), `✓` (success), `✗` (failure),
`⚠` (warning). The caller persists `apiPath` and the provider status.
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, replace
from urllib.parse import urlsplit

from ..errors import ProviderError
from .base import ProviderConfig, adapter_for
from .check_network import connect as tcp_connect
from .check_network import handshake, resolve
from .openai_compat import PROBE_PATHS, OpenAICompatAdapter
from .transport import LIST_READ_TIMEOUT, Transport

NO_BASE_URL_TYPES = ("bedrock", "azure", "anthropic", "demo")
_VERSION_SUFFIX = re.compile(r"(/api)?/v\d+/?$|/api/?$")


@dataclass(frozen=True)
class HttpProbe:
    url: str
    path: str
    status: int | None
    latencyMs: float
    cause: str = ""


def strip_version_suffix(url: str) -> str | None:
    """Give the base URL without a trailing `/v1`, `/api/v1` or `/api`, or None when it has none."""
    stripped = _VERSION_SUFFIX.sub("", url.rstrip("/"))
    return stripped if stripped != url.rstrip("/") else None


def _http_cause(status: int | None, body: str, path: str) -> str:
    if status in (401, 403):
        return (
            f"The server rejected the API key ({status}) — check the key, its permissions and the auth type"
        )
    if status == 404:
        return f"Wrong path: nothing at {path or '/'}models (404) — the base URL should be the server root"
    if status == 407:
        return "The proxy requires authentication (407)"
    if status is not None and status >= 500:
        return f"The server failed ({status}): {body[:120]}"
    return f"Unexpected answer {status}: {body[:120]}" if status else body


class ConnectionCheck:
    """Runs the probes for one provider and collects the log."""

    def __init__(self, config: ProviderConfig, transport: Transport) -> None:
        self.config, self.transport = config, transport
        self.log: list[str] = []
        self.probes: list[HttpProbe] = []
        self.network: dict = {}

    def run(self) -> dict:
        if not self.config.base_url:
            if self.config.type in NO_BASE_URL_TYPES:
                return self._adapter_test(self.config)
            return {
                "success": False,
                "error": "No base URL configured",
                "log": ["✗ No base URL configured"],
                "suggestUrl": None,
            }
        suggest = strip_version_suffix(self.config.base_url)
        if suggest:
            self.log.append(
                f"⚠ Base URL ends with an API version path; Model Prism adds the path itself — use {suggest}"
            )
        result = self._attempt(self.config)
        if (
            not result["success"]
            and self.config.base_url.startswith("http://")
            and self.network.get("tcp", {}).get("ok")
        ):
            https = replace(self.config, base_url="https://" + self.config.base_url[len("http://") :])
            self.log.append(f"→ Retrying with https: {https.base_url}")
            retry = ConnectionCheck(https, self.transport)
            second = retry._attempt(https)
            self.log += retry.log
            self.probes += retry.probes
            if second["success"]:
                self.log.append(f"⚠ The server answers on https — switch the base URL to {https.base_url}")
                return {
                    **second,
                    "log": self.log,
                    "suggestUrl": https.base_url,
                    "probes": [asdict(p) for p in self.probes],
                }
        return {
            **result,
            "log": self.log,
            "suggestUrl": suggest,
            "probes": [asdict(p) for p in self.probes],
            "network": self.network,
        }

    def _attempt(self, config: ProviderConfig) -> dict:
        parts = urlsplit(config.base_url)
        host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
        self.log.append(f"→ Base URL {config.base_url}")
        if not self._network(config, host, port, parts.scheme == "https"):
            return {"success": False, "error": self.network["cause"]}
        if isinstance(adapter_for(config, self.transport), OpenAICompatAdapter):
            return self._probe_paths(config)
        return self._adapter_test(config, keep_log=True)

    def _network(self, config: ProviderConfig, host: str, port: int, tls: bool) -> bool:
        if config.proxy:
            self.log.append(
                f"→ Via proxy {urlsplit(config.proxy).hostname}; DNS and TCP are the proxy's business"
            )
            return True
        dns, addresses = resolve(host, port)
        self.network["dns"] = {"ok": dns.ok, "addresses": addresses, "ms": dns.ms}
        self.log.append(
            f"✓ DNS {host} → {dns.detail} ({dns.ms} ms)" if dns.ok else f"✗ DNS {host}: {dns.cause}"
        )
        if not dns.ok:
            self.network["cause"] = dns.cause
            return False
        tcp = tcp_connect(host, port)
        self.network["tcp"] = {"ok": tcp.ok, "ms": tcp.ms}
        self.log.append(
            f"✓ TCP {host}:{port} ({tcp.ms} ms)" if tcp.ok else f"✗ TCP {host}:{port}: {tcp.cause}"
        )
        if not tcp.ok:
            self.network["cause"] = tcp.cause
            return False
        if tls:
            step = handshake(host, port, config.skip_ssl)
            self.network["tls"] = {"ok": step.ok, "detail": step.detail, "ms": step.ms}
            self.log.append(f"✓ TLS {step.detail} ({step.ms} ms)" if step.ok else f"✗ TLS: {step.cause}")
            if not step.ok:
                self.network["cause"] = step.cause
                return False
        return True

    def _probe_paths(self, config: ProviderConfig) -> dict:
        adapter = adapter_for(config, self.transport)
        configured = config.options.get("apiPath")
        paths = (configured,) if configured is not None else PROBE_PATHS
        self.log.append("→ Probing " + ", ".join(f"{p or ''}/models" for p in paths))
        causes = []
        for path in paths:
            probe, count = self._get_models(adapter, str(path))
            self.probes.append(probe)
            if count is not None:
                self.log.append(
                    f"✓ Connection successful ({count} models) at {probe.url} ({probe.latencyMs} ms)"
                )
                return {"success": True, "apiPath": path, "modelCount": count}
            self.log.append(f"✗ {probe.url} → {probe.status or 'no answer'}: {probe.cause}")
            causes.append(probe.cause)
            if probe.status in (401, 403, 407):
                break  # a key or proxy problem is not fixed by another path
        return {
            "success": False,
            "error": next((c for c in causes if "API key" in c), causes[-1] if causes else "no path tried"),
        }

    def _get_models(self, adapter: OpenAICompatAdapter, path: str) -> tuple[HttpProbe, int | None]:
        url = adapter._url("/models", path)
        start = time.perf_counter()
        try:
            resp = self.transport.request(
                "GET",
                url,
                headers=adapter.headers(),
                read_timeout=LIST_READ_TIMEOUT,
                skip_ssl=self.config.skip_ssl,
                proxy=self.config.proxy,
            )
        except ProviderError as exc:
            return HttpProbe(
                url, path, None, round((time.perf_counter() - start) * 1000, 1), exc.message
            ), None
        ms = round((time.perf_counter() - start) * 1000, 1)
        if resp.status < 300:
            try:
                data = (resp.json() or {}).get("data")
            except (ValueError, AttributeError):
                data = None
            if isinstance(data, list):
                return HttpProbe(url, path, resp.status, ms), len(data)
            return HttpProbe(
                url, path, resp.status, ms, "The answer is not an OpenAI model list (no `data` array)"
            ), None
        return HttpProbe(url, path, resp.status, ms, _http_cause(resp.status, resp.text, path)), None

    def _adapter_test(self, config: ProviderConfig, keep_log: bool = False) -> dict:
        self.log.append(f"→ Testing the {config.type} provider with its own API")
        start = time.perf_counter()
        try:
            result = adapter_for(config, self.transport).test_connection()
        except ProviderError as exc:
            cause = (
                _http_cause(exc.upstream_status, exc.message, "")
                if exc.upstream_status in (401, 403)
                else exc.message
            )
            self.log.append(f"✗ Failed: {cause}")
            out = {"success": False, "error": cause}
        else:
            ms = round((time.perf_counter() - start) * 1000, 1)
            note = f" — {result['note']}" if result.get("note") else ""
            self.log.append(f"✓ Connection successful ({result.get('modelCount', 0)} models, {ms} ms){note}")
            out = {"success": True, "modelCount": result.get("modelCount", 0)}
        return out if keep_log else {**out, "log": self.log, "suggestUrl": None, "probes": []}


def check_connection(config: ProviderConfig, transport: Transport) -> dict:
    """Give the connection check report for a provider (see the module docstring for the shape)."""
    return ConnectionCheck(config, transport).run()
