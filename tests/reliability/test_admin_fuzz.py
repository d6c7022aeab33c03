"""Schemathesis against the admin OpenAPI document: every operation, positive and negative inputs, as admin.

Promise: never a 5xx, and every error body is `{"error": "<message>"}` (admin-api.md §0)."""

from __future__ import annotations

import json
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode

from tests.factories import make_tenant

from .conftest import fresh_ip, token_for

pytestmark = pytest.mark.slow

# Operations that reach outside the process (LDAP bind, webhook delivery, LLM calls) or start background jobs:
# fuzzing them would test the network's timeouts, not our input handling. They still run once each below.
OUTBOUND = {
    ("POST", "/api/prism/admin/ldap/test"),
    ("POST", "/api/prism/admin/webhooks/{hook_id}/test"),
    ("POST", "/api/prism/admin/routing/test-suites/{suite_id}/generate"),
    ("POST", "/api/prism/admin/routing/test-runs/{run_id}/evaluate"),
    ("POST", "/api/prism/admin/prompt-engineer/analyze"),
}
# werkzeug's InternalServerError text: what a client gets when our own error handler raised
HANDLER_FAILED = "The server encountered an internal error"
EXAMPLES_PER_MODE = int(os.environ.get("PRISM_FUZZ_EXAMPLES", "3"))  # per operation and mode
TALLY: dict[str, int] = {"requests": 0, "operations": 0}


def _send(client, app, admin, case) -> tuple[int, object, str]:
    headers = {k: str(v) for k, v in (case.headers or {}).items()}
    headers["Authorization"] = f"Bearer {token_for(app, admin)}"
    kwargs: dict = {"query_string": case.query or None, "headers": headers}
    body = case.body
    if body is not None and type(body).__name__ != "NotSet":
        media = case.media_type or "application/json"
        if isinstance(body, (bytes, str)):
            kwargs["data"], kwargs["content_type"] = body, media
        elif "json" in media:
            kwargs["data"], kwargs["content_type"] = json.dumps(body), media
    try:
        res = client.open(
            case.formatted_path, method=case.method, environ_base={"REMOTE_ADDR": fresh_ip()}, **kwargs
        )
    except TypeError as exc:  # raised by our error handler itself; a real client gets werkzeug's 500 page
        if "Dict key must be str" in str(exc):
            return 500, None, HANDLER_FAILED
        return 500, None, f"raised {type(exc).__name__}: {exc}"
    except Exception as exc:  # noqa: BLE001 - an exception escaping the app is a 500 to a real client
        return 500, None, f"raised {type(exc).__name__}: {exc}"
    return res.status_code, res.get_json(silent=True), res.get_data(as_text=True)[:300]


def _problem(case, status: int, doc, text: str) -> str | None:
    where = f"{case.method} {case.formatted_path} query={case.query!r} body={str(case.body)[:200]!r}"
    if status >= 500:
        return f"{where} → {status} {text}"
    if status >= 400:
        if not (isinstance(doc, dict) and isinstance(doc.get("error"), str) and doc["error"]):
            return f"{where} → {status} without the admin error shape: {text}"
    return None


def test_no_admin_operation_answers_5xx_or_a_foreign_error_shape(app, client, admin_user):
    make_tenant(slug="fuzz-tenant")  # some real data for list and dashboard operations to render
    spec = client.get(
        "/api/prism/docs/openapi.json",
        headers={"Authorization": f"Bearer {token_for(app, admin_user)}"},
        environ_base={"REMOTE_ADDR": fresh_ip()},
    ).get_json()
    schema = schemathesis.openapi.from_dict(spec)
    problems: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        key = (operation.method.upper(), operation.path)
        TALLY["operations"] += 1
        modes = [GenerationMode.POSITIVE] if key in OUTBOUND else list(GenerationMode)
        for mode in modes:
            examples = 1 if key in OUTBOUND else EXAMPLES_PER_MODE

            @settings(
                max_examples=examples,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case):
                status, doc, text = _send(client, app, admin_user, case)
                TALLY["requests"] += 1
                found = _problem(case, status, doc, text)
                if found and found not in problems:
                    problems.append(found)

            try:
                run()
            except Exception as exc:  # noqa: BLE001 - an operation schemathesis cannot generate for is reported
                if "Unsatisfiable" not in type(exc).__name__:
                    problems.append(f"{key}: {type(exc).__name__}: {str(exc)[:300]}")
    print(f"admin fuzz: {TALLY['requests']} requests over {TALLY['operations']} operations")
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:60])
    assert TALLY["operations"] > 100 and TALLY["requests"] > 3 * TALLY["operations"]
