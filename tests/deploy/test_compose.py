"""Static checks of docker/compose.yaml, docker/compose.scaled.yaml and the scaled nginx routing (PyYAML)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.deploy.nginx_locations import parse_locations, select
from tests.deploy.paths import DOCKER

SINGLE = DOCKER / "compose.yaml"
SCALED = DOCKER / "compose.scaled.yaml"


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


@pytest.fixture(params=[SINGLE, SCALED], ids=["single", "scaled"])
def compose(request) -> tuple[Path, dict]:
    return request.param, _load(request.param)


def test_builds_and_mounts_reference_existing_files(compose):
    path, doc = compose
    checked = 0
    for name, svc in doc["services"].items():
        build = svc.get("build")
        if build:
            context = (path.parent / build["context"]).resolve()
            assert (context / build["dockerfile"]).is_file(), f"{name}: dockerfile missing"
            checked += 1
        for volume in svc.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                assert (path.parent / source).is_file(), f"{name}: {source} missing"
                checked += 1
            else:
                assert source in doc["volumes"], f"{name}: named volume {source} not declared"
    assert checked >= 1


def test_depends_on_names_services_and_health_gates_exist(compose):
    _, doc = compose
    services = doc["services"]
    for name, svc in services.items():
        for dep, cond in (svc.get("depends_on") or {}).items():
            assert dep in services, f"{name} depends on unknown {dep}"
            if cond["condition"] == "service_healthy":
                assert "healthcheck" in services[dep] or services[dep].get("build"), (
                    f"{dep} has no health check (the image's HEALTHCHECK counts)"
                )


def test_app_services_use_the_images_health_check(compose):
    _, doc = compose
    for name, svc in doc["services"].items():
        if svc.get("build"):
            check = svc["healthcheck"]
            assert "test" not in check, f"{name}: keep the image's HEALTHCHECK command"
            assert check["interval"] == "10s"


def test_mongodb_is_a_replica_set_initiated_by_its_health_check(compose):
    _, doc = compose
    mongo = doc["services"]["mongodb"]
    assert mongo["image"] == "mongo:7"
    assert mongo["command"][mongo["command"].index("--replSet") + 1] == "rs0"
    check = " ".join(mongo["healthcheck"]["test"])
    assert "rs.initiate" in check and "_id: 'rs0'" in check
    assert "host: 'mongodb:27017'" in check, "the member must be the service name the app connects to"
    assert "isWritablePrimary" in check
    assert "mongodb_data:/data/db" in mongo["volumes"]


def test_app_processes_share_one_replica_set_uri_and_required_secrets(compose):
    _, doc = compose
    apps = {n: s for n, s in doc["services"].items() if s.get("build")}
    assert apps
    for name, svc in apps.items():
        env = svc["environment"]
        assert env["MONGODB_URI"] == "mongodb://mongodb:27017/openmodelprism?replicaSet=rs0", name
        assert re.fullmatch(r"\$\{JWT_SECRET:\?.+\}", env["JWT_SECRET"])
        assert re.fullmatch(r"\$\{ENCRYPTION_KEY:\?.+\}", env["ENCRYPTION_KEY"])
        assert env["NODE_ENV"] == "production"


def test_single_runs_one_full_role_app_on_3000():
    doc = _load(SINGLE)
    roles = {n: s["environment"]["NODE_ROLE"] for n, s in doc["services"].items() if s.get("build")}
    assert roles == {"app": "full"}
    assert doc["services"]["app"]["ports"] == ["${PORT:-3000}:3000"]


def test_scaled_runs_one_control_scalable_workers_and_only_the_proxy_published():
    services = _load(SCALED)["services"]
    roles = {n: s["environment"]["NODE_ROLE"] for n, s in services.items() if s.get("build")}
    assert roles == {"control": "control", "worker": "worker"}
    assert "ports" not in services["control"] and "ports" not in services["worker"]
    assert "container_name" not in services["worker"], "a fixed name would prevent --scale"
    assert services["proxy"]["ports"] == ["${PORT:-3000}:80"]
    assert services["proxy"]["volumes"] == ["./nginx.scaled.conf:/etc/nginx/conf.d/default.conf:ro"]


ROUTES = {
    "/api/prism/admin/tenants/": "control",
    "/api/prism/auth/login": "control",
    "/api/prism/docs/openapi.json": "control",
    "/api/acme/v1/chat/completions": "worker",
    "/api/v1/chat/completions": "worker",
    "/api/v1/models": "worker",
    "/v1/embeddings": "worker",
    "/": "control",
    "/tenants": "control",
    "/assets/index.js": "control",
    "/health": "control",
}


@pytest.mark.parametrize("uri,upstream", sorted(ROUTES.items()))
def test_scaled_proxy_routes_by_path(uri, upstream):
    conf = (DOCKER / "nginx.scaled.conf").read_text()
    upstreams = dict(re.findall(r"set \$(\w+) (\S+);", conf))
    assert upstreams == {"control": "control:3000", "worker": "worker:3000"}
    services = _load(SCALED)["services"]
    assert all(host.split(":")[0] in services for host in upstreams.values())
    loc = select(parse_locations(conf), uri)
    assert loc is not None and f"proxy_pass http://${upstream};" in loc.body


def test_scaled_proxy_streams_gateway_responses_and_hides_metrics():
    locations = parse_locations((DOCKER / "nginx.scaled.conf").read_text())
    gateway = select(locations, "/api/acme/v1/chat/completions")
    for directive in ("proxy_buffering off;", "proxy_read_timeout 600s;"):
        assert directive in gateway.body
    assert "return 404;" in select(locations, "/metrics").body
    assert select(locations, "/api/prism/v1/x").pattern == "/api/prism/"
