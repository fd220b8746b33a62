"""A shared service built in the admin by the EPCI's administrator (a conditional question
and a file upload) and published for three communes: a citizen on each of the
three sites finds it, fills it (the conditional question appears when it applies), and
reaches the review page; a fourth commune does not list it. axe-core: zero violations
on the catalogue, the service page, each form page and the review page (issue #4)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.live_server import LiveServer, manage_shell

from .conftest import SCREENSHOTS, BrowserJourney

pytestmark = pytest.mark.browser

SLUG = "nid-de-frelons"
COMMUNES = ["fouesnant", "pleuven", "saint-evarzec"]
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)

ADMIN_EMAIL = "admin.catalogue@epci.example"
ADMIN_PASSWORD = "mot de passe de l'EPCI"
SETUP = f"""
from tenants.models import Tenant
from guichet.accounts.api import create_staff_user
from guichet.roles.api import Role, grant_role
user = create_staff_user(email="{ADMIN_EMAIL}", password="{ADMIN_PASSWORD}")
grant_role(tenant=Tenant.objects.get(kind="epci"), user=user, role=Role.EPCI_ADMIN)
"""
TEARDOWN = f"""
from django_tenants.utils import schema_context
from tenants.models import Tenant
from services_catalog.models import Service
from services_catalog.services import forget_catalogue
with schema_context(Tenant.objects.get(kind="epci").schema_name):
    # Published versions cannot be deleted: the service is withdrawn instead.
    Service.objects.filter(slug="{SLUG}").update(live=False, slug="{SLUG}-retire")
    forget_catalogue()
from guichet.accounts.models import User
from guichet.roles.api import Role, revoke_role
user = User.objects.get(email="{ADMIN_EMAIL}")
revoke_role(tenant=Tenant.objects.get(kind="epci"), user=user, role=Role.EPCI_ADMIN)
# The account stays: its revisions of the service keep pointing at it.
"""


def _add_block(page: Page, index: int, block_label: str) -> None:
    """Insert a block at the end of the form builder (the last "+" of the stream)."""
    page.locator("#tab-formulaire button.c-sf-add-button").last.click()
    page.get_by_role("option", name=block_label, exact=True).click()
    expect(
        page.locator(f"#form-{index}-value-" + ("title" if block_label == "Nouvelle page" else "label"))
    ).to_be_visible()


def build_service_in_the_admin(browser: Browser, server: LiveServer, epci_host: str) -> None:
    """An EPCI administrator builds the shared service in Wagtail's admin and publishes it
    for three member communes: a conditional address and a photo upload."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(server.url(epci_host, "/compte/connexion/?next=/admin/snippets/services_catalog/service/add/"))
    page.get_by_label("Adresse électronique").fill(ADMIN_EMAIL)
    page.get_by_label("Mot de passe").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/service/add/")
    page.locator("#id_title").fill("Signaler un nid de frelons asiatiques")
    page.locator("#id_slug").fill(SLUG)
    page.locator("#id_summary").fill(
        "Un nid sur votre terrain ou sur la voie publique : l'EPCI organise sa destruction."
    )
    page.locator("#id_category").select_option("vie_pratique")
    page.get_by_label("pour toutes les communes membres").uncheck()
    for name in ("Fouesnant", "Pleuven", "Saint-Évarzec"):
        page.get_by_label(name, exact=True).check()
    page.get_by_role("tab", name="Service instructeur").click()
    page.locator("#id_handling_service").fill("Service environnement")
    page.locator("#id_handling_phone").fill("02 98 00 00 00")
    page.get_by_role("tab", name="Formulaire").click()
    questions = [
        ("Texte court", "Nom", "nom"),
        ("Courriel", "Courriel", ""),
        ("Nouvelle page", "Le nid", ""),
        ("Oui / non", "Le nid est-il sur la voie publique ?", "voie"),
        ("Adresse", "Adresse du nid", ""),
        ("Pièce jointe", "Photo du nid", ""),
    ]
    for index, (block, label, key) in enumerate(questions):
        _add_block(page, index, block)
        if block == "Nouvelle page":
            page.locator(f"#form-{index}-value-title").fill(label)
            continue
        page.locator(f"#form-{index}-value-label").fill(label)
        if key:
            page.locator(f"#form-{index}-value-key").fill(key)
    # The address only when the nest is on the public road: open "Afficher seulement si…".
    page.locator('[aria-controls="block_group-form-4-value-condition-content"]').click()
    page.locator("#form-4-value-condition-question").fill("voie")
    page.locator("#form-4-value-condition-value").fill("oui")
    page.locator("#form-5-value-required").uncheck()
    page.locator("#form-4-value-label").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "admin-constructeur-formulaire.png"))
    page.get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name="Publier").click()
    expect(page.locator(".messages")).to_contain_text("publié")
    context.close()


@pytest.fixture(scope="module")
def shared_service(browser: Browser, site_server: LiveServer, django_db_blocker: object) -> Iterator[None]:
    from tenants.models import Tenant

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        manage_shell(SETUP)
        epci_host = Tenant.objects.get(kind="epci").get_primary_domain().domain
    try:
        build_service_in_the_admin(browser, site_server, epci_host)
        yield
    finally:
        with django_db_blocker.unblock():  # type: ignore[attr-defined]
            manage_shell(TEARDOWN)


# Each commune once, the three runs sharing out the desktop and 375 px widths.
@pytest.mark.parametrize(
    ("slug", "viewport"),
    [("fouesnant", "mobile"), ("pleuven", "desktop"), ("saint-evarzec", "mobile")],
    indirect=["viewport"],
)
def test_a_citizen_fills_the_shared_service_on_each_site(
    journey: BrowserJourney, shared_service: None, slug: str, tmp_path: object
) -> None:
    host = f"{slug}.localhost"
    page = journey.page
    journey.visit(host, "/demarches/")
    journey.check_a11y()
    journey.screenshot(f"catalogue-{slug}")
    page.get_by_role("link", name="Signaler un nid de frelons asiatiques").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaler un nid de frelons asiatiques")
    journey.check_a11y()
    page.get_by_role("link", name="Faire la demande en ligne").click()

    # Page 1, with an error first: summary at the top, answers kept.
    page.get_by_label("Nom").fill("Le Goff")
    page.get_by_label("Courriel").fill("anne@")
    page.get_by_role("button", name="Continuer").click()
    expect(page.locator(".error-summary")).to_contain_text("Le formulaire contient 1 erreur.")
    expect(page.get_by_label("Nom")).to_have_value("Le Goff")
    journey.check_a11y()
    journey.screenshot(f"formulaire-erreur-{slug}")
    page.get_by_label("Courriel").fill("anne.legoff@example.fr")
    page.get_by_role("button", name="Continuer").click()

    # Page 2: the address appears only once "Oui" is chosen (the script hides it before).
    expect(page.get_by_text("Étape 2 sur 2")).to_be_visible()
    address = page.get_by_role("group", name="Adresse du nid")
    expect(address).to_be_hidden()
    page.get_by_label("Oui").check()
    expect(address).to_be_visible()
    journey.check_a11y()
    page.get_by_label("Numéro et voie").fill("12 route de Beg Meil")
    page.get_by_label("Code postal").fill("29170")
    page.get_by_label("Commune", exact=True).fill("Fouesnant")
    page.get_by_label("Photo du nid (facultatif)").set_input_files(
        files=[{"name": "nid.png", "mimeType": "image/png", "buffer": PNG}]
    )
    journey.screenshot(f"formulaire-etape2-{slug}")
    page.get_by_role("button", name="Vérifier mes réponses").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifier et envoyer ma demande")
    expect(page.locator("main")).to_contain_text("12 route de Beg Meil")
    expect(page.locator("main")).to_contain_text("nid.png")
    journey.check_a11y()
    journey.screenshot(f"formulaire-verification-{slug}")


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_a_fourth_commune_does_not_list_it(journey: BrowserJourney, shared_service: None) -> None:
    journey.visit("benodet.localhost", "/demarches/")
    expect(journey.page.locator("main")).not_to_contain_text("nid de frelons")
    journey.visit("benodet.localhost", f"/demarches/{SLUG}/", status=404)
