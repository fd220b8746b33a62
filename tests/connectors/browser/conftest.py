"""The browser fixtures of tests/browser (Chromium, Playwright, gunicorn), scoped to this
package so that their asyncio loop ends with it."""

from tests.browser.conftest import browser, chromium_executable, playwright, site_server  # noqa: F401
