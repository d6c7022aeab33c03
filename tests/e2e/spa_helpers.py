"""Headless Chromium (Debian's, via Playwright) driving the built SPA: browser, console watch, screenshots."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FRONTEND = REPO / "frontend"
DIST = FRONTEND / "dist"
ARTIFACTS = REPO / "test-artifacts" / "spa"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
VIEWPORT = {"width": 1280, "height": 800}


def chromium_missing() -> str | None:
    """Give the reason the browser tests cannot run, or None when Chromium and Playwright are there."""
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright python package is not installed"
    return None


def _newest_source() -> float:
    files = [FRONTEND / "index.html", FRONTEND / "package.json", *(FRONTEND / "src").rglob("*")]
    return max((f.stat().st_mtime for f in files if f.is_file()), default=0.0)


def ensure_dist() -> Path:
    """Give frontend/dist, (re)building it when missing or older than the sources (npm ci first if needed)."""
    index = DIST / "index.html"
    if index.exists() and index.stat().st_mtime >= _newest_source():
        return DIST
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("frontend/dist is missing and npm is not installed to build it")
    if not (FRONTEND / "node_modules").exists():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=FRONTEND, check=True, timeout=600)
    subprocess.run([npm, "run", "build"], cwd=FRONTEND, check=True, timeout=600)
    return DIST


def tolerated_paths() -> tuple[str, ...]:
    """Give API path prefixes whose failures are ignored (E2E_SPA_TOLERATE, comma-separated; empty by default).

    Only for running the suite against a backend that does not yet serve every endpoint; the report still lists
    every failed request.
    """
    raw = os.environ.get("E2E_SPA_TOLERATE", "")
    return tuple(p.strip() for p in raw.split(",") if p.strip())


@dataclass
class ConsoleWatch:
    """Collects console errors, uncaught page errors and failed API responses of one page."""

    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    tolerate: tuple[str, ...] = field(default_factory=tolerated_paths)

    def _console(self, msg) -> None:
        if msg.type != "error":
            return
        url = (msg.location or {}).get("url", "")
        if self.tolerate and any(p in url for p in self.tolerate):
            return
        self.errors.append(f"console: {msg.text} ({url})")

    def attach(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on(
            "response",
            lambda res: (
                res.status >= 400 and self.failed.append(f"{res.request.method} {res.url} → {res.status}")
            ),
        )

    def report(self) -> str:
        lines = self.errors + [f"failed request: {f}" for f in self.failed]
        return "\n".join(lines) or "(none)"

    def assert_clean(self, where: str) -> None:
        assert not self.errors, f"console errors after {where}:\n{self.report()}"


@contextmanager
def browser_page(base_url: str) -> Iterator[tuple[object, ConsoleWatch]]:
    """Give a fresh page at 1280×800 on Debian's Chromium and its console watch."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(base_url=base_url, viewport=VIEWPORT, color_scheme="dark")
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
        page = context.new_page()
        page.set_default_timeout(20_000)
        watch = ConsoleWatch()
        watch.attach(page)
        try:
            yield page, watch
        finally:
            context.close()
            browser.close()


class Shots:
    """Numbered full-page screenshots under test-artifacts/spa/."""

    def __init__(self, folder: Path = ARTIFACTS) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        self.count = 0

    def __call__(self, page, name: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        page.wait_for_timeout(300)  # let charts and transitions settle
        page.screenshot(path=str(path), full_page=True)
        return path


_CALL = re.compile(r"\b(?:api\.(get|post|put|patch|del)|request)\b")
_PATH = re.compile(r"['`](/(?:admin|auth|setup|ide-config|public|tenant-portal)[^'`]*)['`]")
_METHOD = re.compile(r"method:\s*'(\w+)'")


def spa_endpoints() -> set[tuple[str, str]]:
    """Give (METHOD, path) of every admin-API call in frontend/src/api/*.ts; path params read as {}."""
    found: set[tuple[str, str]] = set()
    for module in sorted((FRONTEND / "src" / "api").glob("*.ts")):
        if module.name == "client.ts":
            continue
        text = module.read_text()
        for call in _CALL.finditer(text):
            window = text[call.end() : call.end() + 400]
            path = _PATH.search(window)
            if not path:
                continue
            verb = call.group(1)
            if verb is None:
                m = _METHOD.search(window)
                verb = (m.group(1) if m else "GET").lower()
            method = {"del": "DELETE"}.get(verb, verb.upper())
            found.add((method, normalise_path("/api/prism" + path.group(1))))
    return found


def normalise_path(path: str) -> str:
    """Give a path with `${...}` and `{...}` parameters as {} and no trailing slash or query."""
    path = path.split("?")[0]
    path = re.sub(r"\$\{[^}]*\}", "{}", path)
    path = re.sub(r"\{[^}]*\}", "{}", path)
    return path.rstrip("/") or "/"
