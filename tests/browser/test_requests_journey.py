"""A request from the form to the decision, in Chromium, with a real mail server and a real
Celery worker (issue #5):

- a citizen signed in on Fouesnant's site submits "Attestation d'accueil" with a file, lands
  on the request page (accusé d'enregistrement on screen) and receives both acknowledgments
  by email, read from the local SMTP server; the AR's PDF is opened and its text checked;
- a Fouesnant agent finds the request in the queue, asks for a correction; the citizen answers
  it on the request page; the agent accepts; the citizen sees the decision and downloads it;
- a shared-service request made on Bénodet's site appears in the EPCI's queue with origin
  Bénodet, and not in Bénodet's queue.

axe-core: zero violations on the review page and the citizen's request page.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.live_server import LiveServer, gunicorn, manage_shell
from tests.mail_server import SmtpServer
from tests.workers import celery_worker

from .axe import format_violations, run_axe
from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

PASSWORD = "un mot de passe de test assez long"
CITIZEN = "camille.hebergeante@example.fr"
AGENT = "agent.accueil@fouesnant.example"
EPCI_AGENT = "agent.dechets@epci.example"
BENODET_AGENT = "agent@benodet.example"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

SETUP = f"""
from tenants.models import Tenant
from guichet.accounts.api import create_staff_user, register_citizen
from guichet.roles.api import Role, grant_role
register_citizen(email="{CITIZEN}", password="{PASSWORD}", first_name="Camille", last_name="Le Bihan")
for email, where in (("{AGENT}", dict(slug="fouesnant")), ("{EPCI_AGENT}", dict(kind="epci")),
                     ("{BENODET_AGENT}", dict(slug="benodet"))):
    user = create_staff_user(email=email, password="{PASSWORD}")
    grant_role(tenant=Tenant.objects.get(**where), user=user, role=Role.AGENT)
"""
TEARDOWN = f"""
from django_tenants.utils import tenant_context
from tenants.models import Tenant
from guichet.accounts.models import User
from guichet.casework.models import Request
from guichet.notifications.models import OutboxMessage
for tenant in Tenant.objects.filter(slug__in=["fouesnant", "benodet"]) | Tenant.objects.filter(kind="epci"):
    with tenant_context(tenant):
        Request.objects.all().delete()
        OutboxMessage.objects.all().delete()
from guichet.roles.api import Role, revoke_role
for email, where in (("{AGENT}", dict(slug="fouesnant")), ("{EPCI_AGENT}", dict(kind="epci")),
                     ("{BENODET_AGENT}", dict(slug="benodet"))):
    revoke_role(tenant=Tenant.objects.get(**where), user=User.objects.get(email=email), role=Role.AGENT)
# The accounts stay: the requests' audit rows keep pointing at them.
"""


@dataclass
class Stack:
    server: LiveServer
    smtp: SmtpServer
    epci_host: str


@pytest.fixture(scope="module")
def stack(demo: object, django_db_blocker: object) -> Iterator[Stack]:
    """gunicorn and a Celery worker sending through a local SMTP server, on committed data."""
    smtp = SmtpServer().start()
    env = {"EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}"}
    from tenants.models import Tenant

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        epci_host = Tenant.objects.get(kind="epci").get_primary_domain().domain
        manage_shell(SETUP)
        try:
            with celery_worker(extra_env=env) as worker:
                server_env = {**env, "GUICHET_NOTIFICATIONS_QUEUE": worker.queue}
                with gunicorn(extra_env=server_env) as server:
                    yield Stack(server=server, smtp=smtp, epci_host=epci_host)
        finally:
            manage_shell(TEARDOWN)
            smtp.stop()


def _check_a11y(page: Page) -> None:
    found = run_axe(page)
    assert not found, format_violations(found, where=page.url)


def _new_page(browser: Browser) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR", timezone_id="Europe/Paris")
    context.set_default_timeout(15_000)
    return context.new_page()


def _sign_in(page: Page, stack: Stack, host: str, email: str, next_path: str) -> None:
    page.goto(stack.server.url(host, f"/compte/connexion/?next={next_path}"))
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def _radio(page: Page, question: str, option: str) -> None:
    page.get_by_role("group", name=question).get_by_label(option, exact=True).check()


def _continue(page: Page, next_heading: str) -> None:
    page.get_by_role("button", name=re.compile("Continuer|Vérifier mes réponses")).click()
    expect(page.locator("main")).to_contain_text(next_heading)


def _fill_attestation(page: Page) -> None:
    """The four pages of the starter "Attestation d'accueil" form."""
    page.get_by_label("Votre nom").fill("Le Bihan")
    page.get_by_label("Votre prénom").fill("Camille")
    page.get_by_label("Votre adresse électronique").fill(CITIZEN)
    page.get_by_label("Numéro et voie").fill("5 rue de Kerler")
    page.get_by_label("Code postal").fill("29170")
    page.get_by_label("Commune", exact=True).fill("Fouesnant")
    page.get_by_label("Votre date de naissance").fill("1980-04-12")
    page.get_by_label("Votre lieu de naissance").fill("Quimper (France)")
    page.get_by_label("Votre nationalité").fill("Française")
    _continue(page, "Le logement")
    _radio(page, "Vous êtes", "Propriétaire du logement")
    page.get_by_label("Surface habitable (en m²)").fill("92")
    page.get_by_label("Nombre de pièces principales").fill("4")
    page.get_by_label("Nombre de personnes vivant déjà dans le logement").fill("2")
    page.get_by_label("Titre de propriété ou bail").set_input_files(
        files=[{"name": "titre-de-propriete.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    _continue(page, "La personne accueillie")
    page.get_by_label("Nom de la personne accueillie").fill("Diallo")
    page.get_by_label("Prénoms de la personne accueillie").fill("Aminata")
    page.get_by_label("Date de naissance de la personne accueillie").fill("1985-09-03")
    page.get_by_label("Lieu de naissance de la personne accueillie").fill("Dakar (Sénégal)")
    page.get_by_label("Nationalité de la personne accueillie").fill("Sénégalaise")
    page.get_by_label("Numéro de passeport").fill("A01234567")
    page.get_by_label("Adresse de la personne accueillie dans son pays").fill("12 rue Carnot, Dakar")
    page.get_by_label("Date d'arrivée prévue").fill("2027-07-01")
    page.get_by_label("Date de départ prévue").fill("2027-07-20")
    _radio(page, "La personne accueillie vient-elle avec son conjoint ou ses enfants mineurs ?", "Non")
    _radio(page, "La personne accueillie est-elle un mineur qui voyage sans ses parents ?", "Non")
    _continue(page, "Assurance, taxe et engagement")
    _radio(
        page, "Qui souscrit l'assurance couvrant les frais médicaux et hospitaliers du séjour ?", "Moi, l'hébergeant"
    )
    _radio(
        page,
        "Vous engagez-vous à prendre en charge les frais de séjour de la personne accueillie si elle "
        "n'y pourvoit pas ?",
        "Oui",
    )
    _continue(page, "Vérifier et envoyer ma demande")


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages)


def _attachment(message: object) -> bytes:
    parts = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]  # type: ignore[attr-defined]
    assert len(parts) == 1
    return bytes(parts[0].get_content())


def _subject(message: object) -> str:
    return " ".join(str(message["Subject"]).split())  # type: ignore[index]


def test_a_request_from_the_form_to_the_decision(db: None, browser: Browser, stack: Stack) -> None:
    host = "fouesnant.localhost"
    citizen = _new_page(browser)
    _sign_in(citizen, stack, host, CITIZEN, "/demarches/attestation-d-accueil/formulaire/")
    _fill_attestation(citizen)
    # R-SVE-1: the identification is prefilled from the form's own answers.
    expect(citizen.locator("#id_last_name")).to_have_value("Le Bihan")
    expect(citizen.locator("#id_postal_address")).to_have_value("5 rue de Kerler\n29170 Fouesnant")
    _check_a11y(citizen)
    citizen.screenshot(path=str(SCREENSHOTS / "demande-verification.png"), full_page=True)
    citizen.get_by_role("button", name="Envoyer ma demande").click()
    citizen.wait_for_url("**/suivi/*/")
    notice = citizen.get_by_role("status").or_(citizen.locator(".messages"))
    expect(notice.first).to_contain_text("Votre demande a été enregistrée sous la référence")
    reference = re.search(r"[A-Z]+-\d{4}-\d{6}", citizen.locator("h1").inner_text())
    assert reference, citizen.locator("h1").inner_text()
    ref = reference.group(0)
    tracking_url = citizen.url
    _check_a11y(citizen)
    citizen.screenshot(path=str(SCREENSHOTS / "demande-suivi.png"), full_page=True)

    # Both acknowledgments by email, sent by the worker through the SMTP server.
    received = stack.smtp.wait_for(2, timeout=30)
    by_subject = {_subject(m): m for m in received}
    registration = by_subject[f"Accusé d'enregistrement de votre demande {ref}"]
    receipt = by_subject[f"Accusé de réception de votre demande {ref}"]
    assert registration["To"] == CITIZEN and receipt["To"] == CITIZEN
    assert tracking_url.split(":", 2)[-1].split("/", 1)[1] in registration.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    ar_text = _pdf_text(_attachment(receipt))
    for expected in (
        "Accusé de réception",
        ref,
        "Date de réception de votre demande",
        "réputée rejetée",
        "Voies et délais de recours",
        "à condition que votre demande soit complète",
    ):
        assert expected in ar_text, (expected, ar_text)

    # The agent finds it in the queue and asks for a correction.
    agent = _new_page(browser)
    _sign_in(agent, stack, host, AGENT, "/admin/demandes/")
    agent.wait_for_url("**/admin/demandes/")
    agent.get_by_role("link", name=ref).click()
    expect(agent.locator("main")).to_contain_text("Le Bihan")
    agent.get_by_role("button", name="Commencer l'instruction").click()
    correction = agent.get_by_role("group", name="Demander une correction")
    correction.get_by_label("Motif").select_option("incomplete")
    correction.get_by_label("Ce qui est demandé à l'usager").fill("Le bail signé par toutes les parties.")
    correction.get_by_label("À fournir avant le").fill("2099-01-31")
    correction.get_by_role("button", name="Demander la correction").click()
    expect(agent.locator("main")).to_contain_text("Correction en attente")
    agent.screenshot(path=str(SCREENSHOTS / "agent-demande.png"), full_page=True)

    # The citizen answers it on the request page.
    citizen.goto(tracking_url)
    expect(citizen.locator("main")).to_contain_text("Le bail signé par toutes les parties.")
    citizen.get_by_label("Votre réponse").fill("Voici le bail signé.")
    citizen.get_by_label("Pièce demandée").set_input_files(
        files=[{"name": "bail.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    citizen.get_by_role("button", name="Envoyer ma réponse").click()
    expect(citizen.locator("main")).to_contain_text("l'instruction reprend")

    # The agent accepts.
    agent.reload()
    expect(agent.locator("main")).to_contain_text("Correction apportée par l'usager")
    decide = agent.get_by_role("group", name="Statuer")
    decide.get_by_label("Acceptée", exact=True).check()
    decide.get_by_label("Motif").fill("Logement conforme.")
    decide.get_by_label("Je confirme cette décision").check()
    decide.get_by_role("button", name="Enregistrer la décision").click()
    expect(agent.locator("main")).to_contain_text("Acceptée")

    # The citizen sees the decision and downloads it.
    citizen.goto(tracking_url)
    expect(citizen.locator(".request-status")).to_contain_text("Acceptée")
    with citizen.expect_download() as download:
        citizen.get_by_role("link", name="Décision").click()
    path = download.value.path()
    decision = _pdf_text(open(path, "rb").read())  # noqa: SIM115, PTH123
    assert "Acceptée" in decision and ref in decision and "Logement conforme." in decision
    decision_mail = stack.smtp.wait_for(5, timeout=30)  # + correction, 2nd AR (incomplete), decision
    assert any(_subject(m).startswith(f"Décision sur votre demande {ref}") for m in decision_mail)
    citizen.screenshot(path=str(SCREENSHOTS / "demande-decision.png"), full_page=True)
    _check_a11y(citizen)


def test_a_shared_service_request_from_benodet_lands_in_the_epci_queue(
    db: None, browser: Browser, stack: Stack
) -> None:
    citizen = _new_page(browser)
    citizen.goto(stack.server.url("benodet.localhost", "/demarches/demande-composteur/formulaire/"))
    citizen.get_by_label("Votre nom").fill("Cariou")
    citizen.get_by_label("Votre prénom").fill("Yann")
    citizen.get_by_label("Votre adresse électronique").fill("yann.cariou@example.fr")
    citizen.get_by_label("Numéro et voie").fill("2 avenue de la Plage")
    citizen.get_by_label("Code postal").fill("29950")
    citizen.get_by_label("Commune", exact=True).fill("Bénodet")
    _continue(citizen, "Votre composteur")
    _radio(citizen, "Que demandez-vous ?", "Composteur individuel pour mon jardin")
    _radio(citizen, "Volume souhaité", "300 litres environ")
    citizen.get_by_label("Nombre de personnes dans le foyer").fill("3")
    _radio(citizen, "Souhaitez-vous participer à un atelier de prise en main ?", "Non")
    _continue(citizen, "Vérifier et envoyer ma demande")
    citizen.get_by_role("button", name="Envoyer ma demande").click()
    citizen.wait_for_url("**/suivi/*/")
    ref = re.search(r"[A-Z]+-\d{4}-\d{6}", citizen.locator("h1").inner_text()).group(0)  # type: ignore[union-attr]

    epci = _new_page(browser)
    _sign_in(epci, stack, stack.epci_host, EPCI_AGENT, "/admin/demandes/")
    epci.wait_for_url("**/admin/demandes/")
    row = epci.get_by_role("row").filter(has_text=ref)
    expect(row).to_contain_text("Bénodet")
    epci.screenshot(path=str(SCREENSHOTS / "epci-file-des-demandes.png"), full_page=True)

    benodet = _new_page(browser)
    _sign_in(benodet, stack, "benodet.localhost", BENODET_AGENT, "/admin/demandes/")
    benodet.wait_for_url("**/admin/demandes/")
    expect(benodet.locator("main")).not_to_contain_text(ref)
