"""The citizen's space and the agent's 360° view in Chromium (issue #6, journeys b and c):

(b) a citizen with requests at Fouesnant, Bénodet and the EPCI (a shared service asked on
    Bénodet's site) sees all three in "Mon espace" on each of those sites; axe-core reports
    no violation; screenshots at 375 px and desktop width.
(c) an agent of Bénodet finds the citizen in "Usagers", gives a reason and opens the 360°
    view: Bénodet's request only; Bénodet's audit log has the row; the citizen's space (on
    Fouesnant's site) shows who looked, when and why.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.live_server import manage_shell

from .conftest import BrowserJourney

pytestmark = pytest.mark.browser

PASSWORD = "mot de passe très long"  # tests.casework.factories.PASSWORD
CITIZEN = "nolwenn.espace@example.fr"
AGENT = "agent.accueil.360@benodet.example"

SETUP = f"""
import json
from tenants.models import Tenant
from guichet.casework.models import Request
from django_tenants.utils import schema_context
from tests.casework.factories import agent
from tests.citizens.helpers import SHARED_SLUG, citizen, citizen_request
me = citizen("{CITIZEN}", "Nolwenn", "Le Goff")
fouesnant, benodet = Tenant.objects.get(slug="fouesnant"), Tenant.objects.get(slug="benodet")
agent(benodet, "{AGENT}", first_name="Erwan", last_name="Caradec")
made = {{
    "fouesnant": citizen_request(fouesnant, me),
    "benodet": citizen_request(benodet, me, channel="counter"),
    "epci": citizen_request(benodet, me, service_slug=SHARED_SLUG),
}}
refs = {{}}
for key, (schema, pk) in made.items():
    with schema_context(schema):
        refs[key] = Request.objects.get(pk=pk).reference
print("REFS=" + json.dumps({{"refs": refs, "user_id": me.pk}}))
"""
TEARDOWN = f"""
from django_tenants.utils import tenant_context
from tenants.models import Tenant
from guichet.accounts.models import User
from guichet.casework.models import Request
from guichet.roles.api import Role, revoke_role
me = User.objects.get(email="{CITIZEN}")
for tenant in Tenant.objects.filter(slug__in=["fouesnant", "benodet"]) | Tenant.objects.filter(kind="epci"):
    with tenant_context(tenant):
        Request.objects.filter(citizen_id=me.pk).delete()
revoke_role(tenant=Tenant.objects.get(slug="benodet"), user=User.objects.get(email="{AGENT}"), role=Role.AGENT)
"""


@pytest.fixture(scope="module")
def committed(demo: object, django_db_blocker: object) -> Iterator[dict]:
    """The citizen, their three requests and Bénodet's agent, committed (gunicorn sees them)."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        out = manage_shell(SETUP)
        line = next(li for li in out.splitlines() if li.startswith("REFS="))
        try:
            yield json.loads(line[len("REFS=") :])
        finally:
            manage_shell(TEARDOWN)


def _host(tenant: object) -> str:
    return tenant.get_primary_domain().domain  # type: ignore[attr-defined]


def _sign_in(journey: BrowserJourney, host: str, email: str, next_path: str) -> None:
    journey.visit(host, f"/compte/connexion/?next={next_path}")
    journey.page.get_by_label("Adresse électronique").fill(email)
    journey.page.get_by_label("Mot de passe").fill(PASSWORD)
    journey.page.get_by_role("button", name="Se connecter").click()
    journey.page.wait_for_load_state("networkidle")


def test_citizen_sees_all_three_requests_in_their_space_on_each_site(
    journey: BrowserJourney, committed: dict, demo: object
) -> None:
    refs = committed["refs"]
    sites = {"fouesnant": demo["fouesnant"], "benodet": demo["benodet"], "epci": demo.epci}  # type: ignore[attr-defined, index]
    for name, tenant in sites.items():
        host = _host(tenant)
        _sign_in(journey, host, CITIZEN, "/mon-espace/")
        page = journey.page
        expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
        table = page.get_by_role("table", name="Toutes vos demandes, les plus récentes d'abord")
        for ref in refs.values():
            expect(table).to_contain_text(ref)
        expect(table).to_contain_text("Au guichet")
        expect(table).to_contain_text("Pays Fouesnantais")
        # The header links the space.
        expect(page.get_by_role("navigation", name="Mon compte").get_by_role("link", name="Mon espace")).to_be_visible()
        journey.check_a11y()
        if name == "fouesnant":
            journey.screenshot("mon-espace")
    # A request's link leads to its page on the origin site (tracking page).
    journey.visit(_host(sites["fouesnant"]), "/mon-espace/")
    href = journey.page.get_by_role("link", name=refs["epci"]).get_attribute("href") or ""
    # On the origin site's domain (the test settings leave the server's port out of built URLs).
    origin = f"http://{_host(sites['benodet'])}/"
    assert href.startswith(f"{origin}suivi/"), href
    journey.visit(_host(sites["benodet"]), "/" + href[len(origin) :])
    expect(journey.page.locator("main")).to_contain_text(refs["epci"])


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_benodet_agent_opens_a_360_view_with_a_reason_and_the_citizen_sees_it(
    journey: BrowserJourney, committed: dict, demo: object
) -> None:
    refs = committed["refs"]
    benodet = demo["benodet"]  # type: ignore[index]
    page = journey.page
    _sign_in(journey, _host(benodet), AGENT, "/admin/usagers/")
    page.get_by_label("Nom, prénom ou adresse électronique").fill("le goff")
    page.get_by_role("button", name="Chercher").click()
    page.get_by_role("link", name="Nolwenn Le Goff").click()
    expect(page.locator("main")).to_contain_text("Consulter le dossier de Nolwenn Le Goff")
    expect(page.locator("main")).not_to_contain_text(refs["benodet"])
    page.get_by_role("group", name="Motif de la consultation").get_by_label(
        "Accueil au guichet ou au téléphone"
    ).check()
    page.get_by_role("button", name="Ouvrir le dossier").click()
    main = page.locator("main")
    expect(main).to_contain_text("Consultation enregistrée au journal d'audit")
    expect(main).to_contain_text(refs["benodet"])
    expect(main).not_to_contain_text(refs["fouesnant"])
    expect(main).not_to_contain_text(refs["epci"])

    from guichet.audit.models import AuditEvent

    with schema_context(benodet.schema_name):
        rows = list(
            AuditEvent.objects.filter(
                action="citizens.viewed_360", target_type="citizen", target_id=str(committed["user_id"])
            )
        )
    assert [r.data["reason"] for r in rows] == ["accueil"]
    assert rows[0].data["agent_name"] == "Erwan Caradec"

    citizen_page = journey.page.context.browser.new_context(locale="fr-FR").new_page()  # type: ignore[union-attr]
    citizen = BrowserJourney(page=citizen_page, server=journey.server, viewport=journey.viewport)
    _sign_in(citizen, _host(demo["fouesnant"]), CITIZEN, "/mon-espace/")  # type: ignore[index]
    looks = citizen_page.get_by_role(
        "table", name="Consultations de votre dossier par les agents, les plus récentes d'abord"
    )
    expect(looks).to_contain_text("Erwan Caradec")
    expect(looks).to_contain_text("Bénodet")
    expect(looks).to_contain_text("Accueil au guichet ou au téléphone")
    citizen.check_a11y()
    citizen.screenshot("mon-espace-consultations")
    citizen_page.context.close()
