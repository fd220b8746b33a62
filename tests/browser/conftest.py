"""Browser journeys: Debian's Chromium driven by Playwright (sync API) against a real
gunicorn serving the test database.

- `chromium_executable` (session) installs Debian's `chromium` package when it is
  missing and we are root (`playwright install` cannot download here).
- `site_server` (package) starts gunicorn once the session's tenants exist (not named
  `live_server`: pytest-django's fixture of that name would flush the database).
- `browser` (package) is one headless Chromium for the whole package.
- `viewport` is parametrized: every test that uses `journey` or `page` runs at desktop
  (1280×800) and mobile (375 px) width; a test narrows it with
  `@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)`.
- `journey` wraps a fresh page: `visit(host, path)`, `screenshot(name)`, `check_a11y()`.

Playwright's sync API keeps an asyncio loop running in this thread while it is
started, and Django then refuses ORM calls (SynchronousOnlyOperation). The
`playwright` fixture therefore sets DJANGO_ALLOW_ASYNC_UNSAFE while it lives (this
package only) and restores it after. Under that loop the test process also gets a
separate database connection (closed when Playwright stops). Whatever a journey writes
in its `db` transaction is invisible to gunicorn: the server only sees committed data.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.db import connections
from playwright.sync_api import (
    Browser,
    Page,
    Playwright,
    Request,
    Response,
    sync_playwright,
)
from pytest_django import DjangoDbBlocker

from tests.live_server import ROOT, LiveServer, gunicorn

from .axe import AxeViolation, format_violations, run_axe

if TYPE_CHECKING:
    from tests.conftest import DemoTenants

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "test-output" / "screenshots"


@dataclass(frozen=True)
class Viewport:
    name: str
    width: int
    height: int


VIEWPORTS: dict[str, Viewport] = {
    "desktop": Viewport("desktop", 1280, 800),
    "mobile": Viewport("mobile", 375, 812),
}

# apt-get can take a few minutes on a fresh machine: give the browser tests room
# beyond pytest-timeout's default when Chromium still has to be installed.
APT_UPDATE_TIMEOUT = 300
APT_INSTALL_TIMEOUT = 900


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    here = Path(__file__).parent
    budget = APT_UPDATE_TIMEOUT + APT_INSTALL_TIMEOUT + 300
    for item in items:
        if here in Path(str(item.path)).parents and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(budget))


# --- Chromium ------------------------------------------------------------------------


def _run_apt(args: list[str], timeout: int) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`{' '.join(args)}` did not finish within {timeout} s", pytrace=False)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-30:])
        pytest.fail(f"`{' '.join(args)}` exited with {done.returncode}:\n{tail}", pytrace=False)


def ensure_chromium() -> Path:
    """Debian's Chromium, installed with apt-get when missing (root only)."""
    if CHROMIUM.exists():
        return CHROMIUM
    if os.geteuid() != 0:
        pytest.fail(
            f"{CHROMIUM} is missing and we are not root: install Debian's package first "
            "(`sudo apt-get install --no-install-recommends chromium`).",
            pytrace=False,
        )
    apt_get = shutil.which("apt-get")
    if apt_get is None:
        pytest.fail(
            f"{CHROMIUM} is missing and apt-get is not available to install it.",
            pytrace=False,
        )
    _run_apt([apt_get, "update"], APT_UPDATE_TIMEOUT)
    _run_apt(
        [apt_get, "install", "-y", "--no-install-recommends", "chromium"],
        APT_INSTALL_TIMEOUT,
    )
    if not CHROMIUM.exists():
        pytest.fail(
            f"apt-get installed `chromium` but {CHROMIUM} is still missing.",
            pytrace=False,
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def chromium_executable() -> Path:
    return ensure_chromium()


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    manager = sync_playwright().start()
    try:
        yield manager
    finally:
        # While the loop runs, asgiref gives this thread other database connections
        # than before (Django's connection handler is a thread-critical Local that
        # turns context-local under a running loop): close them while they are
        # still reachable, or the test database cannot be dropped at session end.
        connections.close_all()
        manager.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(playwright: Playwright, chromium_executable: Path) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(executable_path=str(chromium_executable), args=CHROMIUM_ARGS, headless=True)
    try:
        yield chromium
    finally:
        chromium.close()


# --- Server ----------------------------------------------------------------------------


@pytest.fixture(scope="package")
def site_server(demo: DemoTenants, django_db_blocker: DjangoDbBlocker) -> Iterator[LiveServer]:
    """gunicorn on the test database, where `demo` has committed the 7 communes."""
    with ExitStack() as stack:
        with django_db_blocker.unblock():
            server = stack.enter_context(gunicorn())
        yield server


# --- Pages -----------------------------------------------------------------------------


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> Viewport:
    return VIEWPORTS[str(request.param)]


@pytest.fixture
def page(browser: Browser, viewport: Viewport) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": viewport.width, "height": viewport.height},
        locale="fr-FR",
        timezone_id="Europe/Paris",
    )
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@dataclass
class BrowserJourney:
    """One page at one viewport, with the checks every journey step makes."""

    page: Page
    server: LiveServer
    viewport: Viewport
    page_errors: list[str] = field(default_factory=list)
    failed_resources: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        self.page.on("response", self._on_response)
        self.page.on("requestfailed", self._on_request_failed)

    def _on_response(self, response: Response) -> None:
        request = response.request
        if response.status >= 400 and request.resource_type != "document" and not request.url.endswith("/favicon.ico"):
            self.failed_resources.append(f"{response.status} {request.url}")

    def _on_request_failed(self, request: Request) -> None:
        if request.resource_type != "document":
            self.failed_resources.append(f"{request.failure} {request.url}")

    def url(self, host: str, path: str = "/") -> str:
        return self.server.url(host, path)

    def visit(
        self,
        host: str,
        path: str = "/",
        *,
        status: int = 200,
        check_resources: bool = True,
    ) -> Response:
        """Open `path` on `host`; check the status, and (unless told not to) that the
        page's own resources (CSS, scripts, images) loaded; no JavaScript error."""
        self.page_errors.clear()
        self.failed_resources.clear()
        response = self.page.goto(self.url(host, path), wait_until="load")
        assert response is not None, f"no response for {host}{path}"
        assert response.status == status, f"{host}{path}: HTTP {response.status}, expected {status}"
        self.page.wait_for_load_state("networkidle")
        if check_resources:
            assert not self.failed_resources, f"{host}{path}: resources failed: {self.failed_resources}"
        assert not self.page_errors, f"{host}{path}: JavaScript errors: {self.page_errors}"
        return response

    def screenshot(self, name: str) -> Path:
        """Full-page PNG in test-output/screenshots/<name>-<viewport>.png."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}-{self.viewport.name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def violations(self) -> list[AxeViolation]:
        return run_axe(self.page)

    def check_a11y(self) -> None:
        """axe-core, WCAG 2.x A and AA: no violation allowed."""
        found = self.violations()
        assert not found, format_violations(found, where=f"{self.page.url} ({self.viewport.name})")


@pytest.fixture
def journey(page: Page, site_server: LiveServer, viewport: Viewport, db: None) -> BrowserJourney:
    """A fresh page on the gunicorn server. `db` is requested so that pytest-django
    sets up the test database even when only tests/browser runs; what a test writes
    through it stays in a rolled-back transaction, which gunicorn never sees."""
    return BrowserJourney(page=page, server=site_server, viewport=viewport)
