"""The browser fixtures of tests/browser (Chromium, gunicorn on committed data, axe-core)."""

from tests.browser.conftest import (  # noqa: F401
    browser,
    chromium_executable,
    journey,
    page,
    playwright,
    site_server,
    viewport,
)
