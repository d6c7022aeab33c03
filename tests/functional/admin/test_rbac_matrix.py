"""RBAC matrix generated from the OpenAPI document: every path × method × role → allowed or 403, as its guard says."""

from __future__ import annotations

import re

import pytest
from bson import ObjectId

from model_prism.auth.rbac import GUARDS, PUBLIC, REFRESH
from model_prism.models.user import ROLES
from model_prism.services import setup
from tests.factories import make_tenant

from .helpers import call, token_for, users_per_role

PARAM = re.compile(r"\{([^}]+)\}")


def _concrete(path: str, tenant_id: str) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name == "tenant_id" and "/tenant-portal/" in path:
            return tenant_id  # portal ownership is part of the check: use the users' own tenant
        if name == "model_id":
            return "some-model"
        if name == "token":
            return "f" * 32
        return str(ObjectId())

    return PARAM.sub(value, path)


def _guard_of(app, path: str, method: str):
    endpoint, _ = app.url_map.bind("localhost").match(path, method=method.upper())
    view = app.view_functions[endpoint]
    handler = getattr(getattr(view, "view_class", None), method.lower(), view)
    return getattr(handler, "_guard", None)


def _operations(client):
    spec = client.get("/api/prism/docs/openapi.json").get_json()
    for path, operations in sorted(spec["paths"].items()):
        for method in operations:
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method


def test_every_endpoint_of_the_openapi_document_enforces_its_guard(app, client):
    tenant, _ = make_tenant(slug="matrix")
    people = users_per_role([str(tenant.id)])
    setup.complete("user-admin")
    operations = list(_operations(client))
    assert len(operations) > 40
    problems = []
    for path, method in operations:
        concrete = _concrete(path, str(tenant.id))
        guard = _guard_of(app, concrete, method)
        if guard is None:
            problems.append(f"{method.upper()} {path}: no guard")
            continue
        for role in ROLES:
            refresh = guard == REFRESH
            token = token_for(app, people[role], refresh=refresh)
            res = call(client, method.upper(), concrete, token, json={})
            allowed = guard in (PUBLIC, REFRESH) or role in GUARDS[guard]
            body = res.get_json(silent=True) or {}
            denied = res.status_code == 403 and str(body.get("error", "")).startswith("Access denied")
            if res.status_code >= 400 and not isinstance(body.get("error"), str):
                problems.append(
                    f"{method.upper()} {path} as {role}: {res.status_code} not in the admin shape: {body}"
                )
            if res.status_code >= 500 or res.status_code == 401:
                problems.append(f"{method.upper()} {path} as {role}: {res.status_code} {body}")
            elif allowed == denied:
                problems.append(
                    f"{method.upper()} {path} as {role}: guard {guard}, got {res.status_code} {body}"
                )
    assert not problems, "\n".join(problems)


def test_a_view_without_a_guard_is_reported(app):
    from flask.views import MethodView

    class Unguarded(MethodView):
        def get(self):
            return {}

    app.add_url_rule("/api/prism/admin/unguarded", view_func=Unguarded.as_view("unguarded"))
    assert _guard_of(app, "/api/prism/admin/unguarded", "get") is None


def test_openapi_document_is_valid_and_marks_public_endpoints(app, client):
    validate = pytest.importorskip(
        "openapi_spec_validator", reason="dev dependency openapi-spec-validator"
    ).validate

    spec = client.get("/api/prism/docs/openapi.json").get_json()
    validate(spec)
    assert spec["security"] == [{"bearerAuth": []}]
    for path, method in _operations(client):
        guard = _guard_of(app, _concrete(path, str(ObjectId())), method)
        operation = spec["paths"][path][method]
        assert any(code.startswith("2") for code in operation["responses"]), f"{path}: no success response"
        public = operation.get("security") == []
        assert public == (guard == PUBLIC), (
            f"{method.upper()} {path}: guard {guard}, documented public={public}"
        )
