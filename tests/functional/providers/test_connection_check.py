"""The connection check explains refused ports, wrong paths, wrong keys, self-signed TLS, /v1 suffixes and DNS."""

from __future__ import annotations

import socket
from types import MappingProxyType

import pytest

from model_prism.providers import ProviderConfig
from model_prism.providers.check import check_connection, strip_version_suffix
from model_prism.providers.transport import Transport
from tests.fakes.anthropic_server import FakeAnthropic
from tests.fakes.openai_wire import FakeOpenAIWire
from tests.fakes.tls import self_signed_pair


def _config(base_url: str, *, key: str = "sk-fake", type_: str = "openai", **options) -> ProviderConfig:
    return ProviderConfig(
        id="p",
        slug="p",
        name="Checked",
        type=type_,
        base_url=base_url,
        api_key=key,
        options=MappingProxyType(options),
    )


@pytest.fixture
def transport():
    return Transport(pool_maxsize=2)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_success_reports_dns_tcp_path_and_latency(transport):
    with FakeOpenAIWire() as fake:
        report = check_connection(_config(fake.base_url), transport)
    assert report["success"] is True and report["apiPath"] == "/v1" and report["modelCount"] == 2
    assert any(line.startswith("✓ DNS 127.0.0.1") for line in report["log"])
    assert any(line.startswith("✓ TCP 127.0.0.1") for line in report["log"])
    assert report["probes"][0]["url"] == f"{fake.base_url}/v1/models" and report["probes"][0]["status"] == 200
    assert report["probes"][0]["latencyMs"] >= 0
    assert report["suggestUrl"] is None


def test_refused_port(transport):
    port = _free_port()
    report = check_connection(_config(f"http://127.0.0.1:{port}"), transport)
    assert report["success"] is False
    assert "Connection refused (ECONNREFUSED)" in report["error"] and f"127.0.0.1:{port}" in report["error"]
    assert any(line.startswith("✗ TCP") for line in report["log"])


def test_wrong_path_lists_every_path_tried(transport):
    with FakeOpenAIWire(api_path="/openai/v2") as fake:
        report = check_connection(_config(fake.base_url), transport)
    assert report["success"] is False
    assert [p["path"] for p in report["probes"]] == ["/v1", "/api/v1", ""]
    assert all(p["status"] == 404 for p in report["probes"])
    assert "Wrong path" in report["error"]
    assert f"✗ {fake.base_url}/api/v1/models → 404" in "\n".join(report["log"])


def test_wrong_key_is_named_and_stops_probing(transport):
    with FakeOpenAIWire(key="sk-right") as fake:
        report = check_connection(_config(fake.base_url, key="sk-wrong"), transport)
    assert report["success"] is False
    assert "rejected the API key (401)" in report["error"]
    assert len(report["probes"]) == 1


def test_base_url_with_v1_suffix_gets_a_suggestion(transport):
    with FakeOpenAIWire() as fake:
        report = check_connection(_config(fake.base_url + "/v1"), transport)
    assert report["suggestUrl"] == fake.base_url
    assert any(line.startswith("⚠ Base URL ends with an API version path") for line in report["log"])


def test_self_signed_certificate_suggests_skip_ssl(transport, tmp_path):
    with FakeOpenAIWire(ssl_context=self_signed_pair(tmp_path)) as fake:
        report = check_connection(_config(fake.base_url), transport)
        assert report["success"] is False
        assert "self-signed" in report["error"] and "Skip SSL" in report["error"]
        skipped = check_connection(_config(fake.base_url, skipSSL=True), transport)
    assert skipped["success"] is True
    assert any("certificate NOT verified (Skip SSL is on)" in line for line in skipped["log"])


def test_http_against_https_server_suggests_https(transport, tmp_path):
    with FakeOpenAIWire(ssl_context=self_signed_pair(tmp_path)) as fake:
        plain = fake.base_url.replace("https://", "http://")
        report = check_connection(_config(plain, skipSSL=True), transport)
    assert report["success"] is True
    assert report["suggestUrl"] == fake.base_url
    assert any(line.startswith("→ Retrying with https") for line in report["log"])


def test_unknown_host_is_a_dns_failure(transport):
    report = check_connection(_config("http://model-prism-no-such-host.invalid:8000"), transport)
    assert report["success"] is False and "ENOTFOUND" in report["error"]


def test_no_base_url(transport):
    report = check_connection(_config(""), transport)
    assert report == {
        "success": False,
        "error": "No base URL configured",
        "log": ["✗ No base URL configured"],
        "suggestUrl": None,
    }


def test_native_types_use_their_own_test(transport):
    with FakeAnthropic() as fake:
        ok = check_connection(_config(fake.base_url, key="sk-ant-fake", type_="anthropic"), transport)
        bad = check_connection(_config(fake.base_url, key="nope", type_="anthropic"), transport)
    assert ok["success"] is True and ok["modelCount"] == 3
    assert bad["success"] is False and "rejected the API key (401)" in bad["error"]


def test_azure_without_deployments_says_so(transport):
    report = check_connection(_config("", type_="azure"), transport)
    assert report["success"] is False
    assert report["error"] == "No deployments configured — add at least one deployment name"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://h:1/v1", "http://h:1"),
        ("http://h/api/v1/", "http://h"),
        ("http://h/api", "http://h"),
        ("http://h/x", None),
    ],
)
def test_strip_version_suffix(url, expected):
    assert strip_version_suffix(url) == expected
