"""The built admin SPA served by a real `model-prism serve`, driven in headless Chromium from a fresh store:
setup wizard → provider on a fake upstream → tenant and key → a chat with the openai SDK → the request log's
debug panel → Test Route → the guided tour. Screenshots land in test-artifacts/spa/; any console error fails."""

from __future__ import annotations

import json
import re
import time

import pytest
import requests
from openai import AuthenticationError, OpenAI

from tests.e2e.server import PrismServer
from tests.e2e.spa_helpers import (
    Shots,
    browser_page,
    chromium_missing,
    ensure_dist,
    normalise_path,
    spa_endpoints,
)
from tests.fakes.openai_server import FakeBehaviour, FakeOpenAI

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(chromium_missing() is not None, reason=chromium_missing() or ""),
]

REPLY = "Hello from the fake upstream."
PASSWORD = "e2e-admin-password"
# (path, screenshot name); pages reached through the navigation where possible, because every full reload asks
# /auth/me and the backend limits /api/prism/auth/* to 20 calls a minute per client.
SCREENSHOT_PAGES = [
    ("/", "dashboard"),
    ("/providers", "providers"),
    ("/categories", "categories"),
    ("/routing-config", "routing-config"),
    ("tab:Synthetic Tests", "synthetic-tests"),
    ("/system", "system"),
    ("/users", "users"),
    ("/webhooks", "webhooks"),
    ("/audit", "audit-trail"),
    ("/settings", "settings"),
    ("/ide-setup", "ide-setup"),
    ("help:Documentation", "docs"),
    ("/ldap", "ldap"),
    ("/my-tenant", "my-tenant"),
    ("/chat", "chat"),
]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    dist = ensure_dist()
    with FakeOpenAI(FakeBehaviour(reply=REPLY)) as fake:
        srv = PrismServer(tmp_path_factory.mktemp("spa"), env={"FRONTEND_DIST": str(dist)})
        with srv:
            yield srv, fake


def pick(page, scope, label: str, option: str) -> None:
    """Choose an option of a Mantine Select/MultiSelect in `scope`; the dropdown renders in a portal on `page`."""
    scope.get_by_role("textbox", name=re.compile(rf"^{re.escape(label)}\b")).click()
    page.get_by_role("option", name=option, exact=True).click()


def visit(page, target: str) -> None:
    """Open a page in the running app: a navigation link, a tab, a help-menu entry, or a full load as last resort."""
    kind, _, name = target.partition(":")
    if kind == "tab":
        page.get_by_role("tab", name=re.compile(rf"^{re.escape(name)}")).click()
    elif kind == "help":
        page.get_by_label("Help menu").click()
        page.get_by_role("menuitem", name=name).click()
    elif page.locator(f'nav a[href="{target}"]').count():
        page.locator(f'nav a[href="{target}"]').click()
        page.wait_for_url(re.compile(re.escape(target) + "$"))
    else:
        page.goto(target)
    page.wait_for_load_state("networkidle")


def wait_for(predicate, timeout: float = 20, step=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if step:
            step()
        time.sleep(0.5)
    raise AssertionError("condition not reached in time")


def run_wizard(page, shots, fake) -> str:
    """Walk the four setup steps; give the default tenant key shown at the end."""
    page.goto("/")
    page.get_by_text("Model Prism Setup").wait_for()
    page.locator("input[type=password]").fill(PASSWORD)
    shots(page, "setup-admin")
    page.get_by_role("button", name="Create Admin").click()

    page.get_by_label("Provider Name").fill("Fake Upstream")
    page.get_by_label("Base URL").fill(fake.base_url + "/v1")
    page.get_by_role("button", name="Auto-fix").click()  # the wizard strips the /v1 suffix itself
    assert page.get_by_label("Base URL").input_value() == fake.base_url
    page.locator("input[type=password]").fill("sk-fake-upstream")
    page.get_by_role("button", name="Test & Add Provider").click()
    page.get_by_test_id("discovered-count").wait_for()
    assert re.match(r"\d+ models discovered", page.get_by_test_id("discovered-count").text_content() or "")
    assert "✓" in page.get_by_test_id("connection-log").inner_text()
    page.get_by_label("Message").fill("Say hello")
    page.get_by_role("button", name="Send").click()
    page.get_by_test_id("provider-chat").get_by_text(REPLY).wait_for()
    shots(page, "setup-provider")
    page.get_by_role("button", name="Continue").click()

    page.get_by_text("Software Development").click()
    shots(page, "setup-profiles")
    page.get_by_role("button", name="Apply & Finish").click()
    page.get_by_text("Profiles applied").wait_for()
    page.get_by_role("button", name="Finish Setup").click()

    key = page.get_by_test_id("default-key").inner_text().strip()
    assert key.startswith("omp-") or len(key) >= 16
    assert page.get_by_test_id("default-endpoint").inner_text().endswith("/api/v1")
    shots(page, "setup-complete")
    page.get_by_role("button", name="Open Model Prism").click()
    return key


def assign_tiers(page) -> None:
    """Apply registry defaults (tier, categories, prices) to the two chat models from the Models page."""
    for model in ("gpt-4o-mini", "gpt-4o"):
        page.get_by_label(f"Select {model}", exact=True).check()
    page.get_by_role("button", name=re.compile(r"^Reset to registry defaults")).click()
    tier = page.get_by_role("textbox", name="Tier of gpt-4o-mini", exact=True)
    wait_for(lambda: tier.input_value() not in ("", "unset"))


def create_tenant(page, shots) -> str:
    """Create tenant team-e2e on the fake provider through the Tenants page; give its key (shown once)."""
    page.get_by_role("link", name="Tenants").click()
    page.get_by_test_id("tenant-table").wait_for()
    page.get_by_role("button", name="Add Tenant").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("textbox", name=re.compile(r"^Name\b")).fill("Team E2E")
    dialog.get_by_role("textbox", name=re.compile(r"^Slug\b")).fill("team-e2e")
    pick(page, dialog, "Providers", "Fake Upstream")
    dialog.get_by_role("tab", name="Routing").click()
    dialog.get_by_text("Routing Overrides").wait_for()
    shots(page, "tenant-routing-tab")
    dialog.get_by_role("button", name="Create Tenant").click()
    key = page.get_by_test_id("new-api-key").inner_text().strip()
    assert page.get_by_test_id("new-endpoint").inner_text().endswith("/api/team-e2e/v1")
    shots(page, "tenant-key-once")
    page.get_by_role("button", name="I have copied the key").click()
    page.get_by_test_id("tenant-table").get_by_text("team-e2e", exact=True).wait_for()
    shots(page, "tenants")
    return key


def rotate_key_and_generate_config(page, shots, srv, old_key: str) -> str:
    """Rotate the tenant's primary key in the keys drawer (old key stops working), then generate an SDK snippet."""
    page.get_by_label("Keys of Team E2E").click()
    page.get_by_role("button", name="Rotate primary key").click()
    page.get_by_role("dialog", name="Rotate primary key?").get_by_role("button", name="Rotate").click()
    new_key = page.get_by_test_id("rotated-key").inner_text().strip()
    assert new_key and new_key != old_key
    shots(page, "tenant-keys-rotated")
    page.keyboard.press("Escape")
    page.get_by_label("Generate config for Team E2E").click()
    pick(page, page.get_by_role("dialog"), "Tool", "Python SDK")
    page.get_by_role("dialog").locator("input[type=password]").fill(new_key)
    output = page.get_by_test_id("config-output").inner_text()
    assert f'base_url="{srv.url}/api/team-e2e/v1"' in output and new_key in output
    shots(page, "generate-config")
    page.keyboard.press("Escape")
    with pytest.raises(AuthenticationError):
        OpenAI(base_url=srv.url + "/api/team-e2e/v1", api_key=old_key, max_retries=0).models.list()
    return new_key


def check_request_log(page, shots) -> None:
    """The gateway request appears in the request log; its debug panel shows the routing steps."""
    page.get_by_role("link", name="Request Log").click()
    auto_row = page.locator('[data-testid="request-row"][data-auto-routed="true"]').first
    wait_for(lambda: auto_row.count() > 0, timeout=30, step=lambda: page.get_by_label("Refresh now").click())
    shots(page, "request-log")
    auto_row.get_by_label("Expand request").click()
    panel = page.get_by_test_id("routing-debug-panel")
    panel.wait_for()
    for section in ("Signals", "Pre-Routing", "Classification", "Overrides", "Result"):
        assert panel.get_by_role("heading", name=section, exact=True).count() == 1, section
    assert re.search(r"\d+ tokens", panel.text_content() or "")
    shots(page, "request-debug-panel")


def check_test_route(page, shots) -> None:
    visit(page, "/routing-config")
    visit(page, "tab:Test Route")
    page.get_by_test_id("test-route-prompt").fill(
        "Refactor this Python function to use async/await and add tests"
    )
    page.get_by_role("button", name="Run").click()
    page.get_by_test_id("route-trace").wait_for(timeout=90_000)  # first call may load the local classifier
    steps = page.get_by_test_id("trace-step")
    assert steps.count() >= 5
    assert "Signal Extraction" in steps.first.inner_text()
    assert page.get_by_test_id("route-model").inner_text().strip() not in ("", "—")
    shots(page, "test-route-trace")


SYNTHETIC_PROMPTS = [
    ("Translate 'good morning' into French", "translation"),
    ("Summarise this paragraph in one sentence: the meeting moved to Friday.", "summarization_short"),
    ("Write a Python function that reverses a linked list", "coding_simple"),
    ("Hi, how are you today?", "smalltalk_simple"),
] * 3


def check_synthetic_run(page, shots) -> None:
    """A test set made by hand and from routing-eval JSONL, exported, then run with the live progress view."""
    visit(page, "tab:Synthetic Tests")
    page.get_by_label("New suite name").fill("E2E smoke")
    page.get_by_role("button", name="Create", exact=True).click()
    page.get_by_text("No test cases").wait_for()
    page.get_by_role("button", name="Add case").click()
    dialog = page.get_by_role("dialog", name="Add test case")
    dialog.get_by_role("textbox", name=re.compile(r"^Prompt")).fill(
        "Explain what a mutex is in two sentences"
    )
    dialog.get_by_role("textbox", name="Tags").fill("hand-written")
    dialog.get_by_role("button", name="Save case").click()
    dialog.wait_for(state="detached")
    lines = [{"id": f"e2e-{n}", "endpoint": "/chat/completions", "category": category, "tier_min": "micro",
              "request": {"messages": [{"role": "user", "content": f"{prompt} (#{n})"}]}}
             for n, (prompt, category) in enumerate(SYNTHETIC_PROMPTS)]  # fmt: skip
    jsonl = "\n".join(json.dumps(x) for x in lines).encode()
    upload = {"name": "smoke.jsonl", "mimeType": "application/x-ndjson", "buffer": jsonl}
    page.locator("input[type=file]").set_input_files(files=[upload])
    cases = page.get_by_test_id("case-table").locator("tbody tr")
    wait_for(lambda: cases.count() == len(lines) + 1)
    shots(page, "synthetic-cases")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export JSONL").click()
    exported = download.value.path().read_text().splitlines()
    assert len(exported) == len(lines)  # the hand-written case names no category, so it cannot be scored
    assert json.loads(exported[0])["category"] == "translation"

    page.get_by_role("button", name="Run Suite").click()
    progress = page.get_by_test_id("run-progress")
    progress.wait_for()  # the live view opens at once, while the run routes its cases in the background
    seen = {progress.get_attribute("data-status")}
    page.locator('[data-testid="run-progress"][data-status="done"]').wait_for(timeout=30_000)
    seen.add(progress.get_attribute("data-status"))
    total = len(lines) + 1
    assert page.get_by_test_id("run-counter").inner_text() == f"{total}/{total} cases routed", seen
    assert page.get_by_test_id("run-results").get_by_test_id("run-row").count() == total
    assert page.get_by_role("progressbar", name="Run progress").get_attribute("aria-valuenow") == "100"
    runs_tab = page.get_by_role("tab", name=re.compile(r"^Runs"))
    wait_for(lambda: "live" not in runs_tab.inner_text().lower(), timeout=10)  # the run list caught up
    shots(page, "synthetic-run")
    page.reload()  # the suite, tab and run live in the URL and on the server: a reload comes back to this view
    page.locator('[data-testid="run-progress"][data-status="done"]').wait_for()
    assert page.get_by_test_id("run-results").get_by_test_id("run-row").count() == total

    page.get_by_role("button", name="Run Suite").click()  # a second run, to compare the two side by side
    # the first run's view stays "done" until the new run is listed: wait for two finished runs in the list
    wait_for(lambda: re.fullmatch(r"Runs\s*2", runs_tab.inner_text().strip()) is not None, timeout=30)
    page.get_by_role("tab", name="Compare").click()
    page.get_by_role("button", name="Compare", exact=True).click()
    page.get_by_text(f"0 of {total} cases routed differently").wait_for()  # same config, same decisions
    page.get_by_role("tab", name="Rule-set benchmark").click()
    pick(page, page, "Candidate rule set", "Default Rule Set")
    page.get_by_role("button", name="Run benchmark").click()
    page.get_by_text("Cases replayed").wait_for()
    shots(page, "synthetic-benchmark")


def check_auditor_sees_read_only(page, shots) -> None:
    """An admin creates an auditor on the Users page; the auditor gets a read-only UI without Providers."""
    visit(page, "/users")
    page.get_by_role("button", name="Add User").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("textbox", name=re.compile(r"^Username")).fill("audrey")
    dialog.locator("input[type=password]").fill("auditor-password")
    pick(page, dialog, "Role", "Auditor — read-only global")
    dialog.get_by_role("button", name="Save").click()
    page.get_by_role("cell", name="audrey", exact=True).wait_for()
    page.get_by_label("Logout").click()
    page.get_by_role("button", name="Sign in").wait_for()
    page.get_by_label("Username").fill("audrey")
    page.get_by_label("Password").fill("auditor-password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_test_id("current-user").filter(has_text="audrey").wait_for()
    nav = page.get_by_role("navigation")
    for allowed in ("Dashboard", "Tenants", "Routing Config", "System", "Request Log", "Audit Trail"):
        assert nav.get_by_role("link", name=allowed, exact=True).count() == 1, allowed
    for hidden in ("Providers", "Models", "Users", "Settings"):
        assert nav.get_by_role("link", name=hidden, exact=True).count() == 0, hidden
    nav.get_by_role("link", name="Tenants", exact=True).click()
    page.get_by_test_id("tenant-table").wait_for()
    assert page.get_by_role("button", name="Add Tenant").count() == 0
    assert page.get_by_label("Edit Team E2E").count() == 0
    shots(page, "auditor-tenants-read-only")
    page.goto("/providers")
    page.wait_for_url(re.compile(r"/$"))  # not for auditors: back to the dashboard


def run_tour(page, shots) -> None:
    """Restart the tour from the help menu and follow it to its end."""
    visit(page, "/")
    page.get_by_label("Help menu").click()
    page.get_by_role("menuitem", name="Start Tour").click()
    tour = page.get_by_test_id("tour")
    expected = [
        "Welcome to Model Prism!",
        "Model Registry",
        "Tenants",
        "Override Rules",
        "Routing Config",
        "Test Route",
        "Synthetic Tests",
        "Dashboard",
        "Request Log",
        "Routing Debug Panel",
    ]
    for i, title in enumerate(expected):
        assert page.get_by_test_id("tour-title").inner_text() == title
        assert page.get_by_test_id("tour-progress").inner_text() == f"Quick tour — {i + 1} / 10"
        if title == "Routing Debug Panel":  # the step opens an auto-routed request and points at its panel
            page.locator('[data-testid="routing-debug-panel"].tour-highlight').wait_for()
        if title in ("Test Route", "Routing Debug Panel"):
            shots(page, f"tour-{i + 1}")
        if i < len(expected) - 1:
            tour.get_by_role("button", name="Next →").click()
    tour.get_by_role("button", name="Done").click()
    tour.wait_for(state="detached")


def test_spa_end_to_end(stack):
    srv, fake = stack
    shots = Shots()
    with browser_page(srv.url) as (page, watch):
        run_wizard(page, shots, fake)
        page.wait_for_url("**/models")
        page.get_by_test_id("tour").wait_for()  # the tour opens by itself after setup
        page.get_by_label("Close tour").click()
        assign_tiers(page)
        shots(page, "models")
        watch.assert_clean("setup")

        key = rotate_key_and_generate_config(page, shots, srv, create_tenant(page, shots))
        client = OpenAI(base_url=srv.url + "/api/team-e2e/v1", api_key=key, max_retries=0)
        reply = client.chat.completions.create(
            model="auto", messages=[{"role": "user", "content": "Hi there!"}]
        )
        assert reply.choices[0].message.content == REPLY

        check_request_log(page, shots)
        check_test_route(page, shots)
        watch.assert_clean("request log and test route")
        started = time.monotonic()
        check_synthetic_run(page, shots)
        print(f"synthetic run check took {time.monotonic() - started:.1f}s")
        watch.assert_clean("the synthetic test run")

        for target, name in SCREENSHOT_PAGES:
            visit(page, target)
            shots(page, name)
        run_tour(page, shots)
        watch.assert_clean("visiting every page and the tour")
        try:
            check_auditor_sees_read_only(page, shots)
        except Exception as exc:
            denied = [line for line in srv.log().splitlines() if " 401 " in line or " 403 " in line]
            raise AssertionError(
                f"{exc}\n{watch.report()}\nserver 401/403:\n" + "\n".join(denied[-20:])
            ) from exc
        watch.assert_clean("the auditor's session")


def admin_token(srv) -> str:
    """Give an admin JWT, completing setup through the API when the browser test has not run first."""
    api = srv.url + "/api/prism"
    if not requests.get(api + "/setup/status", timeout=10).json()["setupComplete"]:
        requests.post(api + "/setup/admin", json={"username": "admin", "password": PASSWORD}, timeout=10)
        token = requests.post(
            api + "/auth/login", json={"username": "admin", "password": PASSWORD}, timeout=10
        )
        headers = {"Authorization": "Bearer " + token.json()["token"]}
        requests.post(api + "/setup/complete", headers=headers, timeout=10).raise_for_status()
    res = requests.post(api + "/auth/login", json={"username": "admin", "password": PASSWORD}, timeout=10)
    res.raise_for_status()
    return res.json()["token"]


def test_every_spa_api_call_is_in_the_openapi_document(stack):
    """The SPA's resource modules and the backend stay in step: each (method, path) they call is served."""
    srv, _ = stack
    headers = {"Authorization": "Bearer " + admin_token(srv)}
    doc = requests.get(srv.url + "/api/prism/docs/openapi.json", headers=headers, timeout=10).json()
    served = {
        (method.upper(), normalise_path(path))
        for path, ops in doc["paths"].items()
        for method in ops
        if method in ("get", "post", "put", "patch", "delete")
    }
    called = spa_endpoints() | {("POST", "/api/prism/auth/refresh")}
    assert len(called) > 100
    missing = sorted(called - served)
    assert not missing, "endpoints the SPA calls but the backend does not serve:\n" + "\n".join(
        f"{m} {p}" for m, p in missing
    )
