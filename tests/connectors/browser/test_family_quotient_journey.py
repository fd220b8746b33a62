"""In Chromium, against gunicorn and the fake API Particulier: a signed-in citizen on
Fouesnant's site reaches the "Facturation" page of "Inscription cantine", reads what will be
fetched and from whom, gives an unknown allocataire number (a French error, the manual
fallback offered), then a known one, and the review page says where the amount came from
(R-DLNUF-1). axe-core: no violation on each of these pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from guichet.connectors.fake_api_particulier import FakeApiParticulier
from tests.browser.axe import format_violations, run_axe
from tests.browser.conftest import SCREENSHOTS
from tests.conftest import DemoTenants
from tests.live_server import LiveServer, manage_shell

pytestmark = pytest.mark.browser

CITIZEN = "parent.cantine@example.fr"
PASSWORD = "mot de passe du parent"
TOKEN = "jeton-navigateur-0123456789"
FORM = "/demarches/inscription-restauration-scolaire/formulaire/"


@pytest.fixture(scope="module")
def fake_server(demo: DemoTenants, django_db_blocker: object) -> Iterator[FakeApiParticulier]:
    """The fake API, Fouesnant's settings pointing at it and a citizen, all committed."""
    server = FakeApiParticulier(token=TOKEN).start()
    schema = demo["fouesnant"].schema_name
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        manage_shell(
            f"""
from django.conf import settings
settings.GUICHET_CONNECTORS_ALLOW_HTTP = True
from guichet.accounts.api import register_citizen
from guichet.connectors.api import configure
register_citizen(email="{CITIZEN}", password="{PASSWORD}", first_name="Nolwenn", last_name="Kerfictif")
configure(schema_name="{schema}", enabled=True, base_url="{server.url}", token="{TOKEN}", timeout_seconds=5)
"""
        )
        try:
            yield server
        finally:
            manage_shell(
                f"""
from django_tenants.utils import schema_context
from guichet.audit.models import AuditEvent
from guichet.connectors.models import ConnectorSettings
with schema_context("{schema}"):
    ConnectorSettings.objects.all().delete()
    # The other tests of this package count the connectors' audit rows of Fouesnant.
    AuditEvent.objects.filter(action__startswith="connectors.").delete()
    try:  # the citizen's draft of "Inscription cantine" (drafts kept in the database)
        from services_catalog.models import Draft
    except ImportError:
        pass
    else:
        Draft.objects.filter(owner__email="{CITIZEN}").delete()
"""
            )
            server.stop()


def _check_a11y(page: Page) -> None:
    found = run_axe(page)
    assert not found, format_violations(found, where=page.url)


def test_the_family_quotient_is_fetched_in_the_browser_with_its_provenance(
    db: None, demo: DemoTenants, fake_server: FakeApiParticulier, site_server: LiveServer, browser: Browser
) -> None:
    # `db` first: pytest-django sets the test database up only for tests that ask for it.
    host = demo["fouesnant"].get_primary_domain().domain
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR", timezone_id="Europe/Paris")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(site_server.url(host, f"/compte/connexion/?next={FORM}3/"))
        page.get_by_label("Adresse électronique").fill(CITIZEN)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        expect(page.locator("main")).to_contain_text("par API Particulier")
        question = page.get_by_role("group", name="Quotient familial (CAF ou MSA) (facultatif)")
        expect(question).to_contain_text("Seuls le montant du quotient familial et son mois de calcul")
        _check_a11y(page)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "quotient-familial-question.png"), full_page=True)

        page.get_by_label("Numéro d'allocataire CAF ou MSA").fill("9999999")
        page.get_by_label("Code postal de votre adresse connue de la caisse").fill("29170")
        page.get_by_role("group", name="Mode de paiement souhaité").get_by_label("Paiement au guichet").check()
        page.get_by_role("button", name="Vérifier mes réponses").click()
        summary = page.locator("#erreurs")
        expect(summary).to_contain_text("Aucun dossier allocataire ne correspond")
        expect(page.get_by_label("Numéro d'allocataire CAF ou MSA")).to_have_value("9999999")
        _check_a11y(page)
        page.screenshot(path=str(SCREENSHOTS / "quotient-familial-inconnu.png"), full_page=True)

        page.get_by_label("Numéro d'allocataire CAF ou MSA").fill("1234567")
        page.get_by_role("button", name="Vérifier mes réponses").click()
        expect(page.locator("main")).to_contain_text("donnée transmise par la CAF via API Particulier le")
        expect(page.locator("main")).to_contain_text("850")
        _check_a11y(page)
        page.screenshot(path=str(SCREENSHOTS / "quotient-familial-verification.png"), full_page=True)
        assert fake_server.seen_tokens == [TOKEN, TOKEN]
    finally:
        context.close()
