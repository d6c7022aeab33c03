"""The Helm chart renders for every documented values combination; each manifest is schema-valid (see chart.py)."""

from __future__ import annotations

import base64
import re

import pytest
import yaml

from tests.deploy.chart import (
    NAMESPACE,
    VALUE_FILES,
    by_kind_name,
    helm,
    load_values,
    manifests,
    render,
    validate,
)
from tests.deploy.paths import HELM

COMBINATIONS = [("defaults", {})] + [(p.name, load_values(p)) for p in VALUE_FILES]
FULL = "mp-model-prism"


@pytest.mark.parametrize("name,values", COMBINATIONS, ids=[c[0] for c in COMBINATIONS])
def test_renders_and_every_manifest_is_valid(name, values):
    docs = manifests(values)
    assert any(d["kind"] == "Deployment" for d in docs)
    for doc in docs:
        validate(doc)


def test_every_ci_values_file_is_documented_in_the_readme():
    readme = (HELM / "README.md").read_text()
    assert len(VALUE_FILES) >= 5
    for path in VALUE_FILES:
        assert f"`ci/{path.name}`" in readme


def _leaf_keys(node, prefix=""):
    if isinstance(node, dict) and node:
        for key, value in node.items():
            yield from _leaf_keys(value, f"{prefix}{key}.")
    else:
        yield prefix.rstrip(".")


def test_every_value_is_documented_in_the_readme():
    readme = (HELM / "README.md").read_text()
    values = yaml.safe_load((HELM / "values.yaml").read_text())
    documented = set(re.findall(r"^\| `([^`]+)` \|", readme, re.M))
    keys = set(_leaf_keys(values))
    # maps documented as one row (their leaves are Kubernetes fields, not chart settings)
    grouped = ("resources", "mongodb.resources", "podSecurityContext", "securityContext", "ingress.hosts")
    missing = {k for k in keys if k not in documented and not k.startswith(tuple(g + "." for g in grouped))}
    assert not missing


def _deployments(docs):
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == "Deployment"}


def _env(deployment) -> dict:
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    return {e["name"]: e for e in container["env"]}


def test_standalone_runs_one_full_role_deployment_with_health_probes():
    docs = manifests({})
    deployments = _deployments(docs)
    assert list(deployments) == [FULL]
    container = deployments[FULL]["spec"]["template"]["spec"]["containers"][0]
    assert _env(deployments[FULL])["NODE_ROLE"]["value"] == "full"
    assert container["livenessProbe"]["httpGet"] == {"path": "/health", "port": "http"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/health", "port": "http"}
    assert container["resources"]["requests"] == {"cpu": "100m", "memory": "256Mi"}
    assert not any(d["kind"] == "HorizontalPodAutoscaler" for d in docs)


def test_scaled_runs_control_and_hpa_managed_workers():
    docs = manifests({"mode": "scaled"})
    deployments = _deployments(docs)
    assert set(deployments) == {f"{FULL}-control", f"{FULL}-worker"}
    assert _env(deployments[f"{FULL}-control"])["NODE_ROLE"]["value"] == "control"
    assert _env(deployments[f"{FULL}-worker"])["NODE_ROLE"]["value"] == "worker"
    assert "replicas" not in deployments[f"{FULL}-worker"]["spec"], "the HPA owns the worker replica count"
    hpa = by_kind_name(docs)[("HorizontalPodAutoscaler", f"{FULL}-worker")]
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"]["name"] == f"{FULL}-worker"
    assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (2, 10)
    services = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Service"}
    for role in ("control", "worker"):
        assert services[f"{FULL}-{role}"]["spec"]["selector"]["app.kubernetes.io/component"] == role


def test_scaled_ingress_sends_the_gateway_to_workers_and_admin_to_control():
    values = load_values(HELM / "ci" / "scaled-fixed-workers-values.yaml")
    ingress = by_kind_name(manifests(values))[("Ingress", FULL)]
    paths = {p["path"]: p["backend"]["service"]["name"] for p in ingress["spec"]["rules"][0]["http"]["paths"]}
    assert paths == {
        "/api/prism": f"{FULL}-control",
        "/api": f"{FULL}-worker",
        "/v1": f"{FULL}-worker",
        "/": f"{FULL}-control",
    }

    def route(uri):  # Kubernetes Prefix semantics: longest element-wise prefix wins
        hits = [p for p in paths if p == "/" or uri == p or uri.startswith(p + "/")]
        return paths[max(hits, key=len)]

    assert route("/api/prism/admin/tenants") == f"{FULL}-control"
    assert route("/api/acme/v1/chat/completions") == f"{FULL}-worker"
    assert route("/v1/models") == f"{FULL}-worker"
    assert route("/tenants") == f"{FULL}-control"


def _secret_data(docs, name):
    data = by_kind_name(docs)[("Secret", name)]["data"]
    return {k: base64.b64decode(v).decode() for k, v in data.items()}


def test_generated_secrets_have_the_lengths_the_app_requires_and_are_kept_on_uninstall():
    docs = manifests({})
    secret = by_kind_name(docs)[("Secret", FULL)]
    assert secret["metadata"]["annotations"]["helm.sh/resource-policy"] == "keep"
    data = _secret_data(docs, FULL)
    assert len(data["JWT_SECRET"]) == 64 and len(data["ENCRYPTION_KEY"]) == 32
    uri = _secret_data(docs, f"{FULL}-mongodb-uri")["MONGODB_URI"]
    assert (
        uri
        == f"mongodb://{FULL}-mongodb-0.{FULL}-mongodb.{NAMESPACE}.svc:27017/openmodelprism?replicaSet=rs0"
    )


def test_secret_template_reuses_the_cluster_secret_before_generating():
    # `lookup` answers nothing offline, so the precedence is checked in the template text itself.
    text = (HELM / "templates" / "secret.yaml").read_text()
    assert 'lookup "v1" "Secret" .Release.Namespace $name' in text
    for key in ("JWT_SECRET", "ENCRYPTION_KEY"):
        assert re.search(rf'get \$data "{key}" \| b64dec\) \| default \(randAlphaNum', text)


def test_bundled_mongodb_member_name_matches_the_uri():
    docs = manifests({})
    sts = by_kind_name(docs)[("StatefulSet", f"{FULL}-mongodb")]
    container = sts["spec"]["template"]["spec"]["containers"][0]
    assert container["args"] == ["--replSet", "rs0", "--bind_ip_all"]
    init = container["readinessProbe"]["exec"]["command"][-1]
    assert f"host: '{FULL}-mongodb-0.{FULL}-mongodb.{NAMESPACE}.svc:27017'" in init
    headless = by_kind_name(docs)[("Service", f"{FULL}-mongodb")]
    assert headless["spec"]["clusterIP"] == "None" and headless["spec"]["publishNotReadyAddresses"] is True


def test_external_secrets_are_referenced_not_created():
    values = load_values(HELM / "ci" / "external-secrets-values.yaml")
    docs = manifests(values)
    assert not any(d["kind"] in ("Secret", "StatefulSet", "ServiceAccount") for d in docs)
    for deployment in _deployments(docs).values():
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        assert _env(deployment)["MONGODB_URI"]["valueFrom"]["secretKeyRef"] == {
            "name": "prism-mongodb",
            "key": "uri",
        }
        assert {"secretRef": {"name": "prism-app-secrets"}} in container["envFrom"]
        assert deployment["spec"]["template"]["spec"]["serviceAccountName"] == "prism-runner"


@pytest.mark.parametrize(
    "values,message",
    [
        ({"mongodb": {"enabled": False}}, "externalMongodb.uri"),
        ({"secrets": {"encryptionKey": "too-short"}}, "exactly 32 characters"),
        ({"secrets": {"jwtSecret": "short"}}, "at least 32 characters"),
        ({"mode": "cluster"}, "'standalone', 'scaled'"),
        ({"secret": {"jwtSecret": "x" * 40}}, "additional properties 'secret' not allowed"),
        ({"config": {"logLevel": "verbose"}}, "/config/logLevel"),
    ],
)
def test_invalid_values_fail_with_a_clear_message(values, message):
    with pytest.raises(helm.HelmError, match=message):
        render(values)


def test_chart_lints_without_errors():
    result = helm.lint(str(HELM))
    assert result["errors"] == []
    assert not [m for m in result["messages"] if m["severity"] >= 2], result["messages"]
