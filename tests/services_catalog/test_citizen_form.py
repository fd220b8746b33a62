"""A citizen on a commune's site: catalogue, service page, the form page by page with
errors summarised at the top and answers kept, conditional questions, a private upload,
and the review page."""

from __future__ import annotations

import re

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from services_catalog.models import Draft
from services_catalog.services import publish_service
from tenants.models import Tenant
from tests.conftest import DemoTenants, site_client
from tests.services_catalog.test_catalogue import _service, _shared

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.django_db
def test_catalogue_by_category_with_search(fouesnant: Tenant) -> None:
    with tenant_context(fouesnant):
        publish_service(_service("location-kayak", "Location de kayak", category="vie_pratique", keywords="mer"))
    client = site_client(fouesnant)
    html = client.get("/demarches/").content.decode()
    assert '<h2 id="categorie-vie_pratique">Vie pratique</h2>' in html
    assert "Location de kayak" in html
    found = client.get("/demarches/?q=KAYAK mer").content.decode()
    assert "1 démarche trouvée pour « KAYAK mer »." in found and "Location de kayak" in found
    none = client.get("/demarches/?q=%3Cscript%3Ezzz").content.decode()
    assert "Aucune démarche ne correspond" in none and "<script>zzz" not in none
    assert "&lt;script&gt;zzz" in none


@pytest.mark.django_db
def test_service_page_says_what_to_prepare_cost_delay_and_who_handles_it(fouesnant: Tenant) -> None:
    with tenant_context(fouesnant):
        publish_service(
            _service(
                "salle-test",
                "Réserver la salle",
                fee_cents=12050,
                documents_to_prepare="Attestation d'assurance\nPièce d'identité",
                silence_rule="svr",
                silence_delay=2,
                silence_delay_unit="months",
                legal_basis="Décret n° 2015-1459 du 10 novembre 2015",
                processing_time="15 jours",
            )
        )
    html = site_client(fouesnant).get("/demarches/salle-test/").content.decode()
    assert "Coût : 120,50\xa0€." in html
    assert "<li>Attestation d&#x27;assurance</li>" in html
    assert "dans un délai de 2 mois" in html and "elle est rejetée" in html
    assert "Service propreté" in html and 'href="mailto:proprete@example.fr"' in html
    assert 'href="/demarches/salle-test/formulaire/"' in html


@pytest.mark.django_db
def test_a_shared_service_filled_on_a_commune_site_page_by_page(demo: DemoTenants) -> None:
    _shared(demo)
    client = site_client(demo["fouesnant"])
    response = client.get("/demarches/depot-test/formulaire/")
    assert response.status_code == 302 and response["Location"] == "/demarches/depot-test/formulaire/1/"
    page = client.get("/demarches/depot-test/formulaire/1/").content.decode()
    assert "Étape 1 sur 2" in page and 'autocomplete="email"' in page

    # Errors: summary at the top with links, message next to the field, answers kept.
    response = client.post("/demarches/depot-test/formulaire/1/", {"nom": "Le Goff", "courriel": "anne@"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Le formulaire contient 1 erreur." in html
    assert '<a href="#id_courriel">Courriel : Saisissez une adresse électronique valide' in html
    assert 'value="Le Goff"' in html
    assert "<title>Erreur — " in html

    response = client.post("/demarches/depot-test/formulaire/1/", {"nom": "Le Goff", "courriel": "anne@example.fr"})
    assert response["Location"] == "/demarches/depot-test/formulaire/2/"
    page = client.get("/demarches/depot-test/formulaire/2/").content.decode()
    assert "À remplir si vous avez répondu « Oui » à « Le dépôt est-il sur la voie publique ? »." in page

    # Condition met but the address is wrong, and a disguised file: both refused, nothing lost.
    bad = {
        "voie": "oui",
        "adresse_du_depot__rue": "Route de Beg Meil",
        "adresse_du_depot__code_postal": "29170",
        "adresse_du_depot__commune": "Bénodet",
        "photo": SimpleUploadedFile("photo.png", b"%PDF-1.4 not an image"),
    }
    html = client.post("/demarches/depot-test/formulaire/2/", bad).content.decode()
    assert "Cette commune n&#x27;a pas le code postal 29170" in html
    assert "type accepté (JPEG, PNG)" in html
    assert 'value="Route de Beg Meil"' in html

    good = {**bad, "adresse_du_depot__commune": "Fouesnant", "photo": SimpleUploadedFile("photo.png", PNG)}
    response = client.post("/demarches/depot-test/formulaire/2/", good)
    assert response["Location"] == "/demarches/depot-test/formulaire/verification/"
    with tenant_context(demo["fouesnant"]):  # sessions live in the site's schema
        draft_id = next(iter(client.session["demarches"].values()))  # the session points to the draft
        answers = Draft.objects.get(pk=draft_id).answers
    stored = answers["photo"]["path"]
    assert re.fullmatch(r"c_29058/brouillons/[0-9a-f]{32}\.png", stored)  # tenant prefix, private, unguessable
    with tenant_context(demo["fouesnant"]):
        assert storages["private"].exists(stored)
    review = client.get("/demarches/depot-test/formulaire/verification/").content.decode()
    assert "Route de Beg Meil<br>29170 Fouesnant" in review
    assert "photo.png" in review and "Le Goff" in review
    assert 'href="/demarches/depot-test/formulaire/2/"' in review

    # Answer "non": the address question no longer applies and leaves the review.
    client.post("/demarches/depot-test/formulaire/2/", {"voie": "non"})
    review = client.get("/demarches/depot-test/formulaire/verification/").content.decode()
    assert "Route de Beg Meil" not in review


@pytest.mark.django_db
def test_signed_in_only_and_franceconnect_services(fouesnant: Tenant) -> None:
    with tenant_context(fouesnant):
        publish_service(_service("compte-requis", "Avec compte", eligibility="signed_in"))
        publish_service(_service("fc-requis", "Avec FranceConnect", eligibility="franceconnect"))
    client = site_client(fouesnant)
    response = client.get("/demarches/compte-requis/formulaire/1/")
    assert response.status_code == 302 and response["Location"].startswith("/compte/connexion/?next=")
    assert "Se connecter pour faire la demande" in client.get("/demarches/compte-requis/").content.decode()
    assert client.get("/demarches/fc-requis/formulaire/1/")["Location"] == "/demarches/fc-requis/"
    assert "identité vérifiée par FranceConnect" in client.get("/demarches/fc-requis/").content.decode()


@pytest.mark.django_db
def test_bad_urls_and_steps(fouesnant: Tenant) -> None:
    with tenant_context(fouesnant):
        publish_service(_service("etapes", "Étapes"))
    client = site_client(fouesnant)
    assert client.get("/demarches/inconnue/").status_code == 404
    assert client.get("/demarches/etapes/formulaire/9/")["Location"] == "/demarches/etapes/formulaire/1/"
    assert client.put("/demarches/etapes/formulaire/1/").status_code == 405


@pytest.mark.django_db
def test_home_page_points_to_the_catalogue_by_category(demo: DemoTenants) -> None:
    """The starter catalogue: local services and the EPCI's shared ones, counted per category."""
    from services_catalog.services import save_shared_setting

    shared = _shared(demo, category="eau")
    with tenant_context(demo["benodet"]):
        save_shared_setting(service_key=str(shared.key), enabled=False)
    html = site_client(demo["fouesnant"]).get("/").content.decode()
    assert '<h2 id="demarches">Démarches en ligne</h2>' in html
    assert '<a href="/demarches/#categorie-etat_civil">État civil</a><br><span class="meta">3 démarches</span>' in html
    assert '<a href="/demarches/#categorie-dechets">Déchets et propreté</a>' in html  # shared by the EPCI
    eau = '<a href="/demarches/#categorie-eau">Eau et assainissement</a><br><span class="meta">{} démarche'
    assert eau.format(2) in site_client(demo["fouesnant"]).get("/").content.decode()
    assert eau.format(1) in site_client(demo["benodet"]).get("/").content.decode()
