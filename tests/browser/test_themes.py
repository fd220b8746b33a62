"""A commune's own theme, in a real browser: its colours are applied and stay accessible.

The theme is saved through theming.services in another process (committed, so gunicorn
sees it), then removed again.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.live_server import manage_shell

from .conftest import BrowserJourney

pytestmark = pytest.mark.browser

SLUG = "clohars-fouesnant"


@pytest.fixture
def coloured_theme(django_db_blocker: object) -> Iterator[None]:
    setup = (
        "from tenants.models import Tenant; from theming.services import update_theme\n"
        f"update_theme(tenant=Tenant.objects.get(slug='{SLUG}'), values="
        "{'primary_colour': '#00594c', 'secondary_colour': '#8a1538', 'header_style': 'coloured', 'corners': 'square'})"
    )
    teardown = (
        "from django_tenants.utils import schema_context; from tenants.models import Tenant\n"
        "from theming.models import Theme; from theming.api import forget_tokens\n"
        f"t = Tenant.objects.get(slug='{SLUG}')\n"
        "with schema_context(t.schema_name):\n    Theme.objects.all().delete(); forget_tokens()"
    )
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        manage_shell(setup)
    try:
        yield
    finally:
        with django_db_blocker.unblock():  # type: ignore[attr-defined]
            manage_shell(teardown)


def test_commune_theme_is_applied_and_accessible(journey: BrowserJourney, coloured_theme: None) -> None:
    journey.visit(f"{SLUG}.localhost")
    header = journey.page.locator(".site-header")
    expect(header).to_have_css("background-color", "rgb(0, 89, 76)")
    expect(journey.page.locator(".site-name a")).to_have_css("color", "rgb(255, 255, 255)")
    expect(journey.page.locator("h1")).to_have_text("Clohars-Fouesnant")
    journey.screenshot("clohars-fouesnant-theme")
    journey.check_a11y()
    journey.visit(f"{SLUG}.localhost", "/compte/inscription/")
    expect(journey.page.locator("main .button")).to_have_css("border-radius", "0px")
    journey.check_a11y()
