"""Journeys a resident makes, in a real Chromium, at desktop and mobile width.

Each step checks what the page shows, keeps a full-page screenshot under
test-output/screenshots/ and runs axe-core (WCAG 2.x A/AA): no violation allowed.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import BrowserJourney

pytestmark = pytest.mark.browser

NOT_BLANK = re.compile(r"\S")

# host slug → (name shown, the other commune's name that must not appear)
COMMUNES = {
    "fouesnant": ("Fouesnant", "Bénodet"),
    "benodet": ("Bénodet", "Fouesnant"),
}


@pytest.mark.parametrize("slug", list(COMMUNES))
def test_commune_home_shows_its_own_name(journey: BrowserJourney, slug: str) -> None:
    own, other = COMMUNES[slug]
    journey.visit(f"{slug}.localhost")

    heading = journey.page.locator("h1")
    expect(heading).to_have_count(1)
    expect(heading).to_contain_text(own)
    expect(heading).not_to_contain_text(other)
    expect(journey.page.locator(".site-name")).to_have_text(own)
    expect(journey.page).to_have_title(re.compile(re.escape(own)))
    assert other not in journey.page.title()
    assert other not in journey.page.locator("body").inner_text()

    journey.screenshot(slug)
    journey.check_a11y()


@pytest.mark.parametrize(
    ("path", "name", "heading"),
    [
        ("/compte/connexion/", "connexion", "Se connecter"),
        ("/compte/inscription/", "inscription", "Créer un compte"),
    ],
)
def test_account_pages(journey: BrowserJourney, path: str, name: str, heading: str) -> None:
    journey.visit("fouesnant.localhost", path)

    expect(journey.page.locator("h1")).to_have_text(heading)
    expect(journey.page.locator(".site-name")).to_have_text("Fouesnant")
    # Every visible field has a label the browser can name it by.
    for field in journey.page.locator("form input:not([type=hidden])").all():
        expect(field).to_have_accessible_name(NOT_BLANK)

    journey.screenshot(f"fouesnant-{name}")
    journey.check_a11y()


def _check_unknown_host_page(journey: BrowserJourney) -> None:
    expect(journey.page.locator("h1")).to_have_text("Aucun site à cette adresse")
    expect(journey.page.locator("main")).to_contain_text("inconnue.localhost")
    body = journey.page.locator("body").inner_text()
    for own, _ in COMMUNES.values():
        assert own not in body


def test_unknown_host_gets_a_styled_accessible_404_page(journey: BrowserJourney) -> None:
    journey.visit("inconnue.localhost", status=404)
    _check_unknown_host_page(journey)
    journey.screenshot("inconnue-404")
    journey.check_a11y()
