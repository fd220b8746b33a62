"""Submission from a commune's site and the citizen's request page: the request stored in
the competent schema with its files and frozen version, idempotent against double clicks
and replays, the tracking link, messages and corrections, documents to download, and the
mail server being down at submission time."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import tenant_context

from guichet.accounts.api import register_citizen
from guichet.casework import lookups, services
from guichet.casework.models import Request, State
from guichet.notifications import api as notifications
from services_catalog.models import Draft
from services_catalog.services import publish_service
from tenants.models import Tenant
from tests.casework.factories import agent, make_request
from tests.conftest import DemoTenants, site_client
from tests.mail_server import SmtpServer, smtp_server, smtp_settings  # noqa: F401
from tests.services_catalog.test_catalogue import _service, _shared

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
IDENTITY = {
    "last_name": "Le Goff",
    "first_name": "Anne",
    "email": "anne.legoff@example.fr",
    "phone": "06 12 34 56 78",
    "postal_address": "3 route de Beg Meil\n29170 Fouesnant",
}


def _fill_depot(client: Any) -> str:
    """Fill the shared test service (tests/services_catalog) up to the review page; return its key."""
    client.post("/demarches/depot-test/formulaire/1/", {"nom": "Le Goff", "courriel": "anne@example.fr"})
    client.post("/demarches/depot-test/formulaire/2/", {"voie": "non", "photo": SimpleUploadedFile("photo.png", PNG)})
    page = client.get("/demarches/depot-test/formulaire/verification/").content.decode()
    match = re.search(r'name="submission_key" value="([0-9a-f-]{36})"', page)
    assert match, page
    return match.group(1)


def _only_request(tenant: Tenant) -> Request:
    with tenant_context(tenant):
        return Request.objects.get()


def test_a_shared_service_request_lands_in_the_epci_with_its_origin_and_files(
    demo: DemoTenants, django_capture_on_commit_callbacks: Any
) -> None:
    _shared(demo)
    fouesnant = demo["fouesnant"]
    client = site_client(fouesnant)
    key = _fill_depot(client)
    with tenant_context(fouesnant):
        draft_id = next(iter(client.session["demarches"].values()))  # the session points to the draft
        draft_path = Draft.objects.get(pk=draft_id).answers["photo"]["path"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/demarches/depot-test/formulaire/verification/", {**IDENTITY, "submission_key": key})
    assert response.status_code == 302
    request = _only_request(demo.epci)
    assert response["Location"] == f"/suivi/{request.tracking_code}/"
    assert len(request.tracking_code) >= 32
    assert (request.origin_schema, request.origin_name, request.channel) == (fouesnant.schema_name, "Fouesnant", "web")
    assert re.fullmatch(rf"[A-Z]+-{timezone.localdate().year}-\d{{6}}", request.reference)
    assert request.answers["nom"] == "Le Goff" and request.form_schema["pages"]
    assert (request.first_name, request.last_name, request.phone) == ("Anne", "Le Goff", "06 12 34 56 78")
    stored = request.answers["photo"]["path"]
    assert stored == f"{demo.epci.schema_name}/demandes/{request.reference}/photo.png"
    with tenant_context(demo.epci):
        assert storages["private"].open(stored).read() == PNG
    with tenant_context(fouesnant):
        assert not storages["private"].exists(draft_path)  # the draft copy is gone after commit
        assert "depot-test" not in str(client.session.get("demarches"))
        assert not Request.objects.exists()  # nothing in the commune's own schema
    page = client.get(response["Location"]).content.decode()
    assert request.reference in page and "Déposée" in page and "Accusé de réception" in page
    assert "Votre demande a été enregistrée sous la référence" in page
    # The same link on another commune's site finds nothing.
    other = site_client(demo["benodet"]).get(response["Location"])
    assert other.status_code == 404


def test_a_double_click_or_a_replayed_form_makes_one_request(demo: DemoTenants) -> None:
    _shared(demo)
    client = site_client(demo["fouesnant"])
    key = _fill_depot(client)
    first = client.post("/demarches/depot-test/formulaire/verification/", {**IDENTITY, "submission_key": key})
    again = client.post("/demarches/depot-test/formulaire/verification/", {**IDENTITY, "submission_key": key})
    assert again.status_code == 302 and again["Location"] == first["Location"]
    with tenant_context(demo.epci):
        assert Request.objects.count() == 1
    # The same key replayed from elsewhere (another session) returns the same request.
    request = _only_request(demo.epci)
    with tenant_context(demo.epci):
        found = services._existing(uuid.UUID(key))
    assert found is not None and found.request_id == request.pk and found.created is False


def test_bad_identification_is_refused_in_french_and_keeps_the_answers(demo: DemoTenants) -> None:
    """R-SVE-2: surname, first name, postal and email address are required."""
    _shared(demo)
    client = site_client(demo["fouesnant"])
    key = _fill_depot(client)
    bad = {
        "last_name": "",
        "first_name": "Anne",
        "email": "anne@",
        "phone": "12",
        "postal_address": "",
        "submission_key": key,
    }
    response = client.post("/demarches/depot-test/formulaire/verification/", bad)
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count("Champ requis.") == 2 and "Saisissez une adresse de courriel valide." in html
    assert "Saisissez un numéro de téléphone français à 10 chiffres" in html
    assert 'aria-describedby="id_last_name_error"' in html and 'id="id_last_name_error"' in html
    assert f'value="{key}"' in html  # the same key: a corrected resubmission stays idempotent
    forged = client.post(
        "/demarches/depot-test/formulaire/verification/", {**IDENTITY, "submission_key": "<script>"}
    ).content.decode()
    assert "n&#x27;est plus valide" in forged
    with tenant_context(demo.epci):
        assert not Request.objects.exists()
    assert "Le Goff" in client.get("/demarches/depot-test/formulaire/verification/").content.decode()


def test_missing_answers_are_not_sent(fouesnant: Tenant) -> None:
    with tenant_context(fouesnant):
        publish_service(_service("location-kayak", "Location de kayak"))
    client = site_client(fouesnant)
    page = client.get("/demarches/location-kayak/formulaire/verification/").content.decode()
    key = re.search(r'name="submission_key" value="([0-9a-f-]{36})"', page).group(1)  # type: ignore[union-attr]
    response = client.post("/demarches/location-kayak/formulaire/verification/", {**IDENTITY, "submission_key": key})
    assert response.status_code == 400
    assert "votre demande n&#x27;a pas été envoyée" in response.content.decode()
    with tenant_context(fouesnant):
        assert not Request.objects.exists()


def test_wrong_malformed_and_expired_tracking_codes_get_the_same_answer(fouesnant: Tenant) -> None:
    request_id = make_request(fouesnant, service_slug="reservation-salle-municipale", state="rejected")
    with tenant_context(fouesnant):
        request = Request.objects.get(pk=request_id)
    client = site_client(fouesnant)
    assert client.get(f"/suivi/{request.tracking_code}/").status_code == 200
    with tenant_context(fouesnant):
        Request.objects.filter(pk=request_id).update(decided_at=timezone.now() - timezone.timedelta(days=400))
    answers = [
        client.get(f"/suivi/{code}/")
        for code in (request.tracking_code, request.tracking_code[:-1] + "x", "a" * 200, "%00", request.reference)
    ]
    assert {r.status_code for r in answers} == {404}
    # The page's main content is identical (the footer's language form repeats the path).
    bodies = {r.content.decode().split("<main", 1)[1].split("</main>", 1)[0] for r in answers}
    assert len(bodies) == 1 and "<h1>Ce lien de suivi n'est pas valable</h1>" in bodies.pop()


def test_the_citizen_answers_a_correction_and_writes_with_a_file(fouesnant: Tenant) -> None:
    request_id = make_request(fouesnant, service_slug="reservation-salle-municipale", state="awaiting_citizen")
    with tenant_context(fouesnant):
        request = Request.objects.get(pk=request_id)
    client = site_client(fouesnant)
    url = f"/suivi/{request.tracking_code}/"
    page = client.get(url).content.decode()
    assert "Le service attend un complément de votre part" in page and "Justificatif de domicile" in page
    # Bad input: an empty answer, a disguised file — refused in French, nothing changed.
    empty = client.post(url, {"action": "correction", "answer": " "})
    assert empty.status_code == 400 and "Joignez la pièce demandée" in empty.content.decode()
    disguised = client.post(
        url, {"action": "correction", "answer": "", "attachment": SimpleUploadedFile("facture.pdf", b"GIF89a" + PNG)}
    )
    assert disguised.status_code == 400 and "quel que soit son nom" in disguised.content.decode()
    assert client.post(url, {"action": "supprimer"}).status_code == 400
    assert _only_state(fouesnant, request_id) == State.AWAITING_CITIZEN
    done = client.post(
        url, {"action": "correction", "answer": "Voici", "attachment": SimpleUploadedFile("facture.png", PNG)}
    )
    assert done.status_code == 302 and _only_state(fouesnant, request_id) == State.IN_PROCESSING
    assert client.post(url, {"action": "message", "body": ""}).status_code == 400
    assert client.post(url, {"action": "message", "body": "Merci !"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Merci !" in page and "facture.png" not in page  # correction files are for the agent
    with tenant_context(fouesnant):
        receipt = request.documents.filter(kind="receipt").first()
        files = list(request.files.values_list("pk", flat=True))
    pdf = client.get(f"{url}documents/{receipt.pk}/")  # type: ignore[union-attr]
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Cache-Control"] == "private, no-store" and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client.get(f"{url}fichiers/{max(files) + 1000}/").status_code == 404
    # Another request's document through this request's link: not found.
    other_id = make_request(fouesnant, service_slug="reservation-salle-municipale")
    with tenant_context(fouesnant):
        other_doc = Request.objects.get(pk=other_id).documents.first()
    assert client.get(f"{url}documents/{other_doc.pk}/").status_code == 404  # type: ignore[union-attr]


def _only_state(tenant: Tenant, request_id: int) -> str:
    with tenant_context(tenant):
        return Request.objects.get(pk=request_id).state


def _signed_in(tenant: Tenant, email: str, password: str) -> Any:
    client = site_client(tenant)
    assert client.post("/compte/connexion/", {"username": email, "password": password}).status_code == 302
    return client


def test_a_signed_in_citizen_finds_their_requests_and_nobody_elses(demo: DemoTenants) -> None:
    _shared(demo)
    fouesnant = demo["fouesnant"]
    register_citizen(email="anne.legoff@example.fr", password="un mot de passe solide", first_name="Anne")
    client = _signed_in(fouesnant, "anne.legoff@example.fr", "un mot de passe solide")
    key = _fill_depot(client)
    page = client.get("/demarches/depot-test/formulaire/verification/").content.decode()
    # R-SVE-1: prefilled from the form's own answers (name, email), else from the account (first name).
    assert 'name="last_name" value="Le Goff"' in page and 'name="email" value="anne@example.fr"' in page
    assert 'name="first_name" value="Anne"' in page
    client.post("/demarches/depot-test/formulaire/verification/", {**IDENTITY, "submission_key": key})
    request = _only_request(demo.epci)
    mine = client.get("/mes-demandes/").content.decode()
    assert request.reference in mine
    assert client.get(f"/mes-demandes/{request.reference}/").status_code == 200
    register_citizen(email="autre@example.fr", password="un autre mot de passe", first_name="Yann")
    stranger = _signed_in(fouesnant, "autre@example.fr", "un autre mot de passe")
    assert request.reference not in stranger.get("/mes-demandes/").content.decode()
    assert stranger.get(f"/mes-demandes/{request.reference}/").status_code == 404
    # On Bénodet's site, her Fouesnant request is not listed (issue #6 brings the EPCI-wide space).
    elsewhere = _signed_in(demo["benodet"], "anne.legoff@example.fr", "un mot de passe solide")
    assert request.reference not in elsewhere.get("/mes-demandes/").content.decode()
    assert site_client(fouesnant).get("/mes-demandes/").status_code == 302  # anonymous: sign in first


def test_with_the_mail_server_down_the_request_is_kept_and_the_ar_sent_when_it_is_back(
    fouesnant: Tenant,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    """Reliability: SMTP stopped during submission → request saved, AR delivered once back."""
    smtp_server.stop()
    with smtp_settings(smtp_server):
        request_id = make_request(fouesnant, service_slug="reservation-salle-municipale")
        with tenant_context(fouesnant):
            assert notifications.flush_due() == 0
            statuses = {d.event: d.status for d in notifications.deliveries(f"request:{request_id}")}
            assert statuses == {"casework.registered": "pending", "casework.receipt": "pending"}
            smtp_server.start()
            later = timezone.now() + timezone.timedelta(hours=1)
            assert notifications.flush_due(now=later) == 2
            assert notifications.flush_due(now=later) == 0
            request = Request.objects.get(pk=request_id)
            assert lookups.receipt_sent_at(request) is not None
    received = smtp_server.wait_for(2)
    subjects = sorted(" ".join(str(m["Subject"]).split()) for m in received)
    assert subjects == [
        f"Accusé d'enregistrement de votre demande {request.reference}",
        f"Accusé de réception de votre demande {request.reference}",
    ]
    ar = next(m for m in received if "réception" in str(m["Subject"]))
    [pdf] = [part for part in ar.iter_attachments() if part.get_content_type() == "application/pdf"]
    assert pdf.get_content().startswith(b"%PDF")
    assert len(smtp_server.messages) == 2
    assert agent is not None
