"""A shared service of the EPCI, published for three communes: a citizen on each of the
three sites finds it, fills it (the conditional question appears when it applies), and
reaches the review page; a fourth commune does not list it. axe-core: zero violations
on the catalogue, the service page, each form page and the review page (issue #4)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.live_server import ROOT, LiveServer, database_url

from .conftest import BrowserJourney

pytestmark = pytest.mark.browser

SLUG = "nid-de-frelons"
COMMUNES = ["fouesnant", "pleuven", "saint-evarzec"]
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)

SETUP = f"""
from django_tenants.utils import schema_context
from tenants.models import Tenant
from services_catalog.models import Service
from services_catalog.services import publish_service
epci = Tenant.objects.get(kind="epci")
codes = [Tenant.objects.get(slug=s).insee_code for s in {COMMUNES!r}]
with schema_context(epci.schema_name):
    service = Service(
        slug="{SLUG}", title="Signaler un nid de frelons asiatiques", category="vie_pratique",
        summary="Un nid sur votre terrain ou sur la voie publique : l'EPCI organise sa destruction.",
        handling_service="Service environnement", handling_phone="02 98 00 00 00",
        applies_to_all_communes=False, communes=codes,
    )
    ON_PUBLIC_ROAD = {{"question": "voie", "operator": "equals", "value": "oui"}}
    service.form = [
        ("text", {{"label": "Nom", "key": "nom", "autocomplete": "family-name"}}),
        ("email", {{"label": "Courriel"}}),
        ("page_break", {{"title": "Le nid"}}),
        ("yes_no", {{"label": "Le nid est-il sur la voie publique ?", "key": "voie"}}),
        ("address", {{"label": "Adresse du nid", "condition": ON_PUBLIC_ROAD}}),
        ("file", {{"label": "Photo du nid", "file_types": ["jpeg", "png"], "max_size_mb": 5, "required": False}}),
    ]
    publish_service(service)
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
"""


def _shell(code: str) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "guichet.settings.test", "DATABASE_URL": database_url()}
    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True)  # noqa: S603


@pytest.fixture(scope="module")
def shared_service(site_server: LiveServer, django_db_blocker: object) -> Iterator[None]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        _shell(SETUP)
    try:
        yield
    finally:
        with django_db_blocker.unblock():  # type: ignore[attr-defined]
            _shell(TEARDOWN)


@pytest.mark.parametrize("slug", COMMUNES)
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

    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifier mes réponses")
    expect(page.locator("main")).to_contain_text("12 route de Beg Meil")
    expect(page.locator("main")).to_contain_text("nid.png")
    journey.check_a11y()
    journey.screenshot(f"formulaire-verification-{slug}")


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_a_fourth_commune_does_not_list_it(journey: BrowserJourney, shared_service: None) -> None:
    journey.visit("benodet.localhost", "/demarches/")
    expect(journey.page.locator("main")).not_to_contain_text("nid de frelons")
    journey.visit("benodet.localhost", f"/demarches/{SLUG}/", status=404)
