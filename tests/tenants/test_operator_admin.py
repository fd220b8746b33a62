"""The operator provisions and manages collectivités from the Wagtail admin of the operator's site."""

from __future__ import annotations

import pytest
from django.core import mail  # noqa: F401  (keeps the locmem outbox per test)

from guichet.accounts.models import User
from guichet.roles.api import Role, grant_role
from tenants.models import Tenant, TenantStatus
from tests.conftest import DemoTenants, SiteClient, site_client

PASSWORD = "mot de passe opérateur"


def _operator_client(host: str = "localhost") -> SiteClient:
    User.objects.create_superuser("ops@guichet.example", PASSWORD)
    client = site_client(host)
    assert (
        client.post("/compte/connexion/", {"username": "ops@guichet.example", "password": PASSWORD}).status_code == 302
    )
    return client


@pytest.mark.django_db
def test_operator_lists_collectivites(demo: DemoTenants) -> None:
    client = _operator_client()
    response = client.get("/admin/collectivites/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "CC du Pays Fouesnantais" in html and "La Forêt-Fouesnant" in html
    assert "http://benodet.localhost/" in html
    # The EPCI comes first, then its communes.
    assert html.index("CC du Pays Fouesnantais") < html.index("Bénodet") < html.index("Saint-Évarzec")
    assert "/admin/collectivites/" in client.get("/admin/").content.decode()  # sidebar menu (JSON props)


@pytest.mark.django_db
def test_operator_provisions_a_commune_from_the_admin(demo: DemoTenants) -> None:
    client = _operator_client()
    assert client.get("/admin/collectivites/nouvelle-commune/").status_code == 200
    response = client.post("/admin/collectivites/nouvelle-commune/", {"insee_code": "29039", "slug": "", "domain": ""})
    assert response.status_code == 302
    concarneau = Tenant.objects.get(insee_code="29039")
    assert concarneau.status == TenantStatus.ACTIVE
    assert "<h1>Concarneau</h1>" in site_client("concarneau.localhost").get("/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "data", "message"),
    [
        ("/admin/collectivites/nouvelle-commune/", {"insee_code": "00000"}, "Code INSEE inconnu"),
        ("/admin/collectivites/nouvelle-commune/", {"insee_code": ""}, "Champ requis"),
        ("/admin/collectivites/nouvelle-commune/", {"insee_code": "29232", "slug": "fouesnant"}, "déjà pris"),
        ("/admin/collectivites/nouvel-epci/", {"siren": "123456789"}, "SIREN inconnu"),
        ("/admin/collectivites/nouvel-epci/", {"siren": "242900660"}, "déjà hébergé"),
    ],
)
def test_bad_input_in_the_admin_shows_the_reason_and_creates_nothing(
    demo: DemoTenants, url: str, data: dict[str, str], message: str
) -> None:
    client = _operator_client()
    before = Tenant.objects.count()
    response = client.post(url, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Tenant.objects.count() == before


@pytest.mark.django_db
def test_operator_renames_suspends_and_adds_a_domain(demo: DemoTenants) -> None:
    client = _operator_client()
    pleuven = demo["pleuven"]
    assert (
        client.post(f"/admin/collectivites/{pleuven.pk}/renommer/", {"name": "Pleuven (Penn-ar-C'hoad)"}).status_code
        == 302
    )
    assert client.post(f"/admin/collectivites/{pleuven.pk}/suspendre/", {"reason": ""}).status_code == 400
    assert client.post(f"/admin/collectivites/{pleuven.pk}/suspendre/", {"reason": "fin de contrat"}).status_code == 302
    response = client.post(f"/admin/collectivites/{pleuven.pk}/domaine/", {"domain": "benodet.localhost"})
    assert response.status_code == 400
    assert "déjà utilisé" in response.content.decode()
    pleuven.refresh_from_db()
    assert (pleuven.name, pleuven.status) == ("Pleuven (Penn-ar-C'hoad)", TenantStatus.SUSPENDED)
    assert client.post(f"/admin/collectivites/{pleuven.pk}/reactiver/", {}).status_code == 302
    pleuven.refresh_from_db()
    assert pleuven.status == TenantStatus.ACTIVE


@pytest.mark.django_db
def test_only_the_operator_on_the_operator_site_reaches_it(demo: DemoTenants) -> None:
    admin = User.objects.create_user("admin@fouesnant.example", PASSWORD)
    grant_role(tenant=demo["fouesnant"], user=admin, role=Role.COMMUNE_ADMIN)
    commune_admin = site_client("fouesnant.localhost")
    commune_admin.post("/compte/connexion/", {"username": admin.email, "password": PASSWORD})
    assert commune_admin.get("/admin/collectivites/").status_code == 404
    assert "/admin/collectivites/" not in commune_admin.get("/admin/").content.decode()
    # Even the operator cannot provision from a commune's admin.
    operator_on_commune = _operator_client("benodet.localhost")
    assert operator_on_commune.get("/admin/collectivites/").status_code == 404
    # A signed-in citizen on the operator's site has no admin at all.
    User.objects.create_user("usager@example.fr", PASSWORD)
    citizen = site_client("localhost")
    citizen.post("/compte/connexion/", {"username": "usager@example.fr", "password": PASSWORD})
    assert citizen.get("/admin/collectivites/").status_code in (302, 403)
