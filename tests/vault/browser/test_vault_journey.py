"""The vault in Chromium (R-DLNUF-2): a citizen's pieces page, the add form with its errors,
and the starter "Inscription en crèche" form offering her stored proof of address, picked
with one click (no upload) and shown as such on the review page. axe-core: no violation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import FilePayload, expect

from tests.browser.conftest import BrowserJourney
from tests.live_server import manage_shell

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("viewport", ["desktop"], indirect=True)]

PASSWORD = "un mot de passe de test assez long"
CITIZEN = "coffre.navigateur@example.fr"
FORM = "/demarches/inscription-creche/formulaire/4/"

SETUP = f"""
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context
from guichet.accounts.api import register_citizen
from guichet.vault import services
from tenants.models import Tenant
user = register_citizen(email="{CITIZEN}", password="{PASSWORD}", first_name="Nolwenn", last_name="Riou")
for slug, label in (("fouesnant", "Facture EDF (navigateur)"), ("benodet", "Quittance de loyer (navigateur)")):
    with tenant_context(Tenant.objects.get(slug=slug)):
        services.add_piece(owner=user, kind="address_proof", label=label,
                           upload=SimpleUploadedFile("facture.pdf", b"%PDF-1.4\\n%%EOF\\n"))
"""
TEARDOWN = f"""
from django_tenants.utils import tenant_context
from tenants.models import Tenant
from guichet.accounts.models import User
from guichet.vault.models import VaultPiece
from services_catalog.models import Draft
user = User.objects.get(email="{CITIZEN}")
for tenant in Tenant.objects.filter(slug__in=["fouesnant", "benodet"]):
    with tenant_context(tenant):
        VaultPiece.objects.filter(owner=user).delete()
        Draft.objects.filter(owner=user).delete()
user.is_active = False
user.save()
"""


@pytest.fixture
def stored_pieces(site_server: object, django_db_blocker: object) -> Iterator[None]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        manage_shell(SETUP)
        try:
            yield
        finally:
            manage_shell(TEARDOWN)


def test_a_citizen_picks_a_stored_piece_in_a_form(journey: BrowserJourney, stored_pieces: None) -> None:
    """R-DLNUF-2: reusable in a new request with one click."""
    host = "fouesnant.localhost"
    page = journey.page
    journey.visit(host, "/compte/connexion/?next=/mon-coffre/")
    page.get_by_label("Adresse électronique").fill(CITIZEN)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon coffre-fort de pièces")
    expect(page.locator("main")).to_contain_text("Facture EDF (navigateur)")
    expect(page.locator("main")).to_contain_text("À supprimer sur le site de Bénodet")
    journey.check_a11y()
    journey.screenshot("coffre-liste")
    journey.visit(host, "/mon-coffre/ajouter/")
    page.get_by_role("button", name="Ajouter la pièce").click()
    expect(page.locator(".error-summary")).to_contain_text("Choisissez le type de pièce.")
    journey.check_a11y()
    page.get_by_label("Type de pièce").select_option(label="Avis d'imposition")
    page.get_by_label("Libellé (facultatif)").fill("Avis 2026 (navigateur)")
    page.get_by_label("Fichier").set_input_files(
        files=[FilePayload(name="avis.pdf", mimeType="application/pdf", buffer=b"%PDF-1.4\n%%EOF\n")]
    )
    page.get_by_role("button", name="Ajouter la pièce").click()
    expect(page.locator("main")).to_contain_text("Avis 2026 (navigateur)")
    expect(page.locator("main")).to_contain_text("La pièce a été ajoutée à votre coffre-fort.")
    journey.visit(host, FORM)
    group = page.get_by_role("group", name="Utiliser une pièce de mon coffre-fort")
    expect(group).to_contain_text("Quittance de loyer (navigateur)")
    expect(page.get_by_label("J'accepte qu'une copie de cette pièce soit jointe à ma demande")).to_be_visible()
    journey.check_a11y()
    journey.screenshot("coffre-formulaire")
    page.get_by_role("group", name="Situation professionnelle des parents").get_by_label(
        "Les parents travaillent ou étudient"
    ).check()
    page.get_by_role("group", name="Percevez-vous un minimum social (RSA, AAH…) ?").get_by_label(
        "Non", exact=True
    ).check()
    group.get_by_label("Facture EDF (navigateur)", exact=False).check()
    page.get_by_role("button", name="Vérifier mes réponses").click()
    expect(page.locator("main")).to_contain_text("facture.pdf (pièce du coffre-fort)")
