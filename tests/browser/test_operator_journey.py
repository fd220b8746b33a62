"""The operator signs in on the operator's site, provisions a commune from the Wagtail
admin, and the commune's new site answers at once — in a real browser.

The operator account is made by `manage.py setup_operator` in another process (so it is
committed and gunicorn sees it); the commune and the account are removed afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.live_server import ROOT, database_url

from .conftest import BrowserJourney

pytestmark = pytest.mark.browser

EMAIL = "operateur.navigateur@example.fr"
PASSWORD = "mot de passe opérateur du test"
INSEE, NAME, SLUG = "29134", "Locronan", "locronan"


def _manage(*args: str) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "guichet.settings.test", "DATABASE_URL": database_url()}
    env["GUICHET_OPERATOR_PASSWORD"] = PASSWORD
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603


@pytest.fixture
def operator_account(django_db_blocker: object) -> Iterator[None]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        _manage("setup_operator", "--email", EMAIL, "--domain", "localhost")
    try:
        yield
    finally:
        cleanup = (
            "from tenants.models import Tenant, Domain; from guichet.accounts.models import User\n"
            f"t = Tenant.objects.filter(insee_code='{INSEE}').first()\n"
            "if t: Domain.objects.filter(tenant=t).delete(); t.delete(force_drop=True)\n"
            f"User.objects.filter(email='{EMAIL}').delete()"
        )
        with django_db_blocker.unblock():  # type: ignore[attr-defined]
            _manage("shell", "-c", cleanup)


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_operator_provisions_a_commune_from_the_admin(journey: BrowserJourney, operator_account: None) -> None:
    page = journey.page
    journey.visit("localhost", "/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state("networkidle")

    journey.visit("localhost", "/admin/collectivites/")
    expect(page.locator("table.listing")).to_contain_text("CC du Pays Fouesnantais")
    journey.screenshot("operateur-collectivites")

    page.get_by_role("link", name="Créer une commune").click()
    page.get_by_label("Code INSEE de la commune").fill("99999")
    page.get_by_role("button", name="Créer la commune").click()
    expect(page.get_by_role("alert")).to_contain_text("Code INSEE inconnu")
    journey.screenshot("operateur-erreur-insee")

    page.get_by_label("Code INSEE de la commune").fill(INSEE)
    page.get_by_role("button", name="Créer la commune").click()
    page.wait_for_url("**/admin/collectivites/")
    expect(page.locator("body")).to_contain_text(f"{NAME} est en ligne.")
    expect(page.locator("table.listing")).to_contain_text(NAME)

    journey.visit(f"{SLUG}.localhost")
    expect(page.locator("h1")).to_have_text(NAME)
    journey.screenshot("locronan-nouveau-site")
    journey.check_a11y()
