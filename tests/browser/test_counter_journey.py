"""Journey (a) of issue #6, in Chromium against gunicorn with a real Celery worker and SMTP server:

- a citizen signed in on Pleuven's site starts "Inscription cantine" (restauration scolaire) and
  gets a resume code (with its QR code) on the form's pages;
- a counter agent of Pleuven opens the draft with that code in the admin's "Guichet unique",
  fills the rest with the citizen under the banner "Saisie au guichet pour le compte de …" and
  submits it as "counter";
- the citizen, signed in at home (another browser context), sees the request with channel
  "Au guichet" in "Mes demandes" and on its page;
- a wrong code gets the neutral message, and Bénodet's agent cannot open Pleuven's code.

axe-core: zero violations on the resume-code page and the citizen's request page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.live_server import LiveServer, gunicorn, manage_shell
from tests.mail_server import SmtpServer
from tests.workers import celery_worker

from .axe import format_violations, run_axe
from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

PASSWORD = "un mot de passe de test assez long"
CITIZEN = "maela.cantine@example.fr"
AGENT = "accueil.guichet@pleuven.example"
BENODET_AGENT = "accueil.guichet@benodet.example"
SLUG = "inscription-restauration-scolaire"

SETUP = f"""
from tenants.models import Tenant
from guichet.accounts.api import create_staff_user, register_citizen
from guichet.roles.api import Role, grant_role
register_citizen(email="{CITIZEN}", password="{PASSWORD}", first_name="Maëla", last_name="Cornec")
for email, slug in (("{AGENT}", "pleuven"), ("{BENODET_AGENT}", "benodet")):
    user = create_staff_user(email=email, password="{PASSWORD}", first_name="Erwan", last_name="Accueil")
    grant_role(tenant=Tenant.objects.get(slug=slug), user=user, role=Role.AGENT)
"""
TEARDOWN = f"""
from django_tenants.utils import tenant_context
from tenants.models import Tenant
from guichet.accounts.models import User
from guichet.casework.models import Request
from guichet.notifications.models import OutboxMessage
from guichet.roles.api import Role, revoke_role
from guichet.audit.models import AuditEvent
from services_catalog.models import Draft
for tenant in Tenant.objects.filter(slug__in=["pleuven", "benodet"]):
    with tenant_context(tenant):
        Request.objects.all().delete()
        Draft.objects.all().delete()
        OutboxMessage.objects.all().delete()
        AuditEvent.objects.filter(action__startswith="drafts.").delete()
for email, slug in (("{AGENT}", "pleuven"), ("{BENODET_AGENT}", "benodet")):
    revoke_role(tenant=Tenant.objects.get(slug=slug), user=User.objects.get(email=email), role=Role.AGENT)
"""


@dataclass
class Stack:
    server: LiveServer
    smtp: SmtpServer
    pleuven: str
    benodet: str


@pytest.fixture(scope="module")
def stack(demo: object, django_db_blocker: object) -> Iterator[Stack]:
    smtp = SmtpServer().start()
    env = {"EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}"}
    from tenants.models import Tenant

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        hosts = {t.slug: t.get_primary_domain().domain for t in Tenant.objects.filter(slug__in=["pleuven", "benodet"])}
        manage_shell(SETUP)
        try:
            with celery_worker(extra_env=env) as worker:
                with gunicorn(extra_env={**env, "GUICHET_NOTIFICATIONS_QUEUE": worker.queue}) as server:
                    yield Stack(server=server, smtp=smtp, pleuven=hosts["pleuven"], benodet=hosts["benodet"])
        finally:
            manage_shell(TEARDOWN)
            smtp.stop()


def _new_page(browser: Browser) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR", timezone_id="Europe/Paris")
    context.set_default_timeout(15_000)
    return context.new_page()


def _sign_in(page: Page, stack: Stack, host: str, email: str, next_path: str) -> None:
    page.goto(stack.server.url(host, f"/compte/connexion/?next={next_path}"))
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def _check_a11y(page: Page) -> None:
    found = run_axe(page)
    assert not found, format_violations(found, where=page.url)


def _continue(page: Page, next_heading: str) -> None:
    page.get_by_role("button", name=re.compile("Continuer|Vérifier mes réponses")).click()
    expect(page.locator("main")).to_contain_text(next_heading)


def _radio(page: Page, question: str, option: str) -> None:
    page.get_by_role("group", name=question).get_by_label(option, exact=True).check()


def _fill_children_and_billing(page: Page) -> None:
    """The required questions of the cantine form after the identity page; optional ones
    (quotient familial, its attestation, vault pieces) are left empty."""
    page.get_by_label("Nom de l'enfant").first.fill("Cornec")
    page.get_by_label("Prénom de l'enfant").first.fill("Loïc")
    page.get_by_label("Date de naissance de l'enfant").first.fill("2018-05-04")
    page.get_by_label("École fréquentée").first.fill("École publique de Pleuven")
    page.get_by_label("Classe").first.select_option(index=1)
    for day in ("Lundi", "Mardi", "Jeudi", "Vendredi"):
        page.get_by_label(day, exact=True).first.check()
    _radio(page, "L'un de vos enfants a-t-il une allergie alimentaire ou un trouble de santé à signaler ?", "Non")
    _continue(page, "Facturation")
    _radio(page, "Mode de paiement souhaité", "Paiement au guichet")
    _continue(page, "Vérifier et envoyer ma demande")


def test_a_draft_started_at_home_is_finished_at_the_counter(db: None, browser: Browser, stack: Stack) -> None:
    form = f"/demarches/{SLUG}/formulaire/"

    # 1. At home: the citizen starts the form and gets a resume code.
    citizen = _new_page(browser)
    _sign_in(citizen, stack, stack.pleuven, CITIZEN, form)
    citizen.get_by_label("Votre nom").fill("Cornec")
    citizen.get_by_label("Votre prénom").fill("Maëla")
    citizen.get_by_label("Votre adresse électronique").fill(CITIZEN)
    citizen.get_by_label("Numéro et voie").fill("7 hent Kerleven")
    citizen.get_by_label("Code postal").fill("29170")
    citizen.get_by_label("Commune", exact=True).fill("Pleuven")
    _continue(citizen, "Vos enfants")
    box = citizen.get_by_role("complementary", name="Votre code de reprise")
    expect(box).to_contain_text("Présentez ce code au guichet de la mairie pour finir votre démarche avec un agent.")
    expect(box.get_by_role("img", name=re.compile("QR code du code de reprise"))).to_be_visible()
    code = box.locator(".resume-code strong").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code), code
    _check_a11y(citizen)
    citizen.screenshot(path=str(SCREENSHOTS / "brouillon-code-de-reprise.png"), full_page=True)

    # 2. At the counter: a wrong code first, then the citizen's.
    desk = _new_page(browser)
    _sign_in(desk, stack, stack.pleuven, AGENT, "/admin/guichet/reprendre/")
    desk.wait_for_url("**/admin/guichet/reprendre/")
    desk.get_by_label("Code de reprise").fill("AAAA-2222" if code != "AAAA-2222" else "BBBB-3333")
    desk.get_by_role("button", name="Ouvrir le brouillon").click()
    expect(desk.locator("main")).to_contain_text("Code inconnu ou expiré.")
    desk.get_by_label("Code de reprise").fill(code.lower())
    desk.get_by_role("group", name="Canal").get_by_label("Au guichet").check()
    desk.get_by_role("button", name="Ouvrir le brouillon").click()
    desk.wait_for_url(f"**{form}1/")
    banner = desk.get_by_role("region", name=re.compile("Saisie au guichet"))
    expect(banner).to_contain_text("Saisie au guichet pour le compte de Maëla Cornec, canal : Au guichet")
    expect(desk.get_by_label("Votre nom")).to_have_value("Cornec")  # the citizen's answers are there
    desk.screenshot(path=str(SCREENSHOTS / "guichet-saisie-pour-l-usager.png"), full_page=True)
    _continue(desk, "Vos enfants")
    _fill_children_and_billing(desk)
    expect(desk.locator("#id_email")).to_have_value(CITIZEN)  # identity from the citizen's record
    expect(desk.locator("#id_postal_address")).to_have_value("7 hent Kerleven\n29170 Pleuven")
    desk.get_by_role("button", name="Envoyer ma demande").click()
    desk.wait_for_url("**/admin/guichet/")
    notice = desk.locator("main").or_(desk.locator(".messages")).first
    expect(desk.locator("body")).to_contain_text("La demande a été enregistrée sous la référence")
    found = re.search(r"[A-Z]+-\d{4}-\d{6}", desk.locator("body").inner_text())
    assert found, notice.inner_text()
    reference = found.group(0)

    # "Nouvelle demande": the form an agent fills for a phone call, a letter, an email.
    desk.get_by_role("link", name="Nouvelle demande").first.click()
    desk.wait_for_url("**/admin/guichet/nouvelle-demande/")
    expect(desk.get_by_label("Démarche")).to_contain_text("Inscrire son enfant à la restauration scolaire")
    desk.screenshot(path=str(SCREENSHOTS / "guichet-nouvelle-demande.png"), full_page=True)

    # The code is dead now, and Bénodet's agent never could use it.
    desk.goto(stack.server.url(stack.pleuven, f"/admin/guichet/reprendre/?code={code}"))
    desk.get_by_role("button", name="Ouvrir le brouillon").click()
    expect(desk.locator("main")).to_contain_text("Code inconnu ou expiré.")
    other = _new_page(browser)
    _sign_in(other, stack, stack.benodet, BENODET_AGENT, "/admin/guichet/reprendre/")
    other.wait_for_url("**/admin/guichet/reprendre/")
    other.get_by_label("Code de reprise").fill(code)
    other.get_by_role("button", name="Ouvrir le brouillon").click()
    expect(other.locator("main")).to_contain_text("Code inconnu ou expiré.")

    # 3. Back home, on another device: the request is in the citizen's space, "Au guichet".
    home = _new_page(browser)
    _sign_in(home, stack, stack.pleuven, CITIZEN, "/mes-demandes/")
    home.wait_for_url("**/mes-demandes/")
    row = home.get_by_role("row", name=re.compile(reference))
    expect(row).to_contain_text("Au guichet")
    home.get_by_role("link", name=reference).click()
    expect(home.locator("main")).to_contain_text("Canal de dépôt : Au guichet")
    _check_a11y(home)
    # The acknowledgments went to the citizen.
    received = stack.smtp.wait_for(2, timeout=30)
    assert {m["To"] for m in received} == {CITIZEN}
