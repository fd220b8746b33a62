"""The tenant's "Données nationales" admin page: administrators only, the token write-only
and shown masked, French errors on bad input, "Tester la connexion", audit rows without
the token (R-DLNUF-3)."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from guichet.accounts.models import User
from guichet.audit.models import AuditEvent
from guichet.connectors.fake_api_particulier import FakeApiParticulier
from guichet.connectors.models import ConnectorSettings
from guichet.roles.api import Role, grant_role
from tenants.models import Tenant
from tests.conftest import DemoTenants, SiteClient, site_client
from tests.connectors.conftest import FOUESNANT_TOKEN

pytestmark = pytest.mark.django_db

PASSWORD = "mot de passe des données nationales"
PAGE = "/admin/donnees-nationales/"
CHECK = "/admin/donnees-nationales/tester/"


def _signed_in(tenant: Tenant, role: str | None) -> SiteClient:
    user = User.objects.create_user(f"{role or 'personne'}@{tenant.slug}.example", PASSWORD)
    if role:
        grant_role(tenant=tenant, user=user, role=role)
    client = site_client(tenant)
    assert client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD}).status_code == 302
    return client


def _refused(response: object) -> bool:
    """Wagtail turns PermissionDenied into a redirect to the admin's home with a message."""
    return getattr(response, "status_code", 0) == 302 and getattr(response, "url", "") == "/admin/"


@pytest.mark.usefixtures("allow_http")
def test_an_administrator_enables_the_connector_and_tests_it(fouesnant: Tenant, fake_api: FakeApiParticulier) -> None:
    """R-DLNUF-3: the habilitation is entered per collectivité; the token never comes back to the page."""
    client = _signed_in(fouesnant, Role.COMMUNE_ADMIN)
    page = client.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Données nationales" in html and "Aucun jeton enregistré." in html and "Tester la connexion" in html
    assert PAGE in client.get("/admin/").content.decode()  # the settings menu entry

    saved = client.post(
        PAGE, {"enabled": "on", "base_url": fake_api.url, "token": FOUESNANT_TOKEN, "timeout_seconds": "5"}
    )
    assert saved.status_code == 302
    with tenant_context(fouesnant):
        row = ConnectorSettings.objects.get()
        assert row.api_particulier_enabled and row.api_particulier_token == FOUESNANT_TOKEN
        assert FOUESNANT_TOKEN not in row.api_particulier_token_encrypted  # encrypted at rest
        event = AuditEvent.objects.get(action="connectors.settings_changed")
    assert event.data["enabled"] is True and FOUESNANT_TOKEN not in str(event.data)
    html = client.get(PAGE).content.decode()
    assert FOUESNANT_TOKEN not in html and "••••••••6789" in html and "État : activé." in html

    # Saved again without a token: the stored one is kept.
    assert client.post(PAGE, {"enabled": "on", "base_url": fake_api.url, "timeout_seconds": "7"}).status_code == 302
    with tenant_context(fouesnant):
        assert ConnectorSettings.objects.get().api_particulier_token == FOUESNANT_TOKEN

    tested = client.post(CHECK, follow=True)
    assert "Connexion réussie" in tested.content.decode()
    fake_api.token = "un-autre-jeton"  # the habilitation was withdrawn
    tested = client.post(CHECK, follow=True)
    assert "Échec du test de connexion" in tested.content.decode()
    with tenant_context(fouesnant):
        outcomes = [e.data["outcome"] for e in AuditEvent.objects.filter(action="connectors.connection_tested")]
    assert sorted(outcomes) == ["not_authorised", "ok"]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"enabled": "on", "base_url": "http://particulier.api.gouv.fr", "token": "x" * 20}, "https://"),
        ({"enabled": "on", "base_url": "ftp://exemple.fr", "token": "x" * 20}, "https://"),
        ({"enabled": "on", "base_url": "https://particulier.api.gouv.fr", "token": ""}, "Indiquez le jeton"),
        ({"base_url": "https://particulier.api.gouv.fr", "token": "deux mots"}, "ni espace"),
        ({"base_url": "https://particulier.api.gouv.fr", "timeout_seconds": "99"}, "entre 1 et 30 secondes"),
        ({"base_url": "https://particulier.api.gouv.fr", "timeout_seconds": "dix"}, "nombre entier"),
    ],
)
def test_bad_input_gets_french_errors_and_saves_nothing(fouesnant: Tenant, data: dict[str, str], error: str) -> None:
    client = _signed_in(fouesnant, Role.COMMUNE_ADMIN)
    response = client.post(PAGE, {"timeout_seconds": "10", **data})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert "x" * 20 not in response.content.decode()  # a typed token is not sent back either
    with tenant_context(fouesnant):
        assert not ConnectorSettings.objects.exists()


def test_agents_editors_and_citizens_are_refused(fouesnant: Tenant) -> None:
    agent = _signed_in(fouesnant, Role.AGENT)
    assert _refused(agent.get(PAGE))
    assert _refused(
        agent.post(PAGE, {"enabled": "on", "base_url": "https://particulier.api.gouv.fr", "token": "volé-12345678"})
    )
    assert _refused(agent.post(CHECK))
    assert _refused(_signed_in(fouesnant, Role.EDITOR).get(PAGE))
    citizen = _signed_in(fouesnant, None).get(PAGE)
    assert citizen.status_code == 302 and citizen.url != PAGE  # type: ignore[attr-defined]
    with tenant_context(fouesnant):
        assert not ConnectorSettings.objects.exists()
        assert AuditEvent.objects.filter(action="connectors.settings_refused").count() == 2
    assert PAGE not in agent.get("/admin/").content.decode()  # no menu entry for agents


@pytest.mark.usefixtures("allow_http")
def test_an_administrator_of_benodet_never_sees_fouesnants_settings(
    demo: DemoTenants, fake_api: FakeApiParticulier
) -> None:
    fouesnant_admin = _signed_in(demo["fouesnant"], Role.COMMUNE_ADMIN)
    fouesnant_admin.post(
        PAGE, {"enabled": "on", "base_url": fake_api.url, "token": FOUESNANT_TOKEN, "timeout_seconds": "5"}
    )
    benodet = _signed_in(demo["benodet"], Role.COMMUNE_ADMIN)
    html = benodet.get(PAGE).content.decode()
    assert "Aucun jeton enregistré." in html and fake_api.url not in html and "6789" not in html
    assert "Échec du test de connexion" in benodet.post(CHECK, follow=True).content.decode()
    assert fake_api.seen_tokens == []


def test_the_operators_site_has_no_such_page() -> None:
    assert site_client("localhost").get(PAGE).status_code in (302, 404)
