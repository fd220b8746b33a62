"""Provisioning an EPCI and its communes from the official data, by cloning the template."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_exists, tenant_context
from wagtail.models import Site

from cms import api as cms_api
from guichet.audit.models import AuditEvent
from tenants import api, services
from tenants.models import Domain, Tenant, TenantKind, TenantStatus
from tests.conftest import DemoTenants, site_client

FOUESNANTAIS = {
    "Fouesnant",
    "Bénodet",
    "Saint-Évarzec",
    "La Forêt-Fouesnant",
    "Pleuven",
    "Gouesnach",
    "Clohars-Fouesnant",
}


def _counts() -> tuple[int, int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace")
        schemas = cursor.fetchone()[0]
    return Tenant.objects.count(), Domain.objects.count(), schemas


@pytest.mark.django_db
def test_epci_is_provisioned_with_its_seven_real_communes(demo: DemoTenants) -> None:
    epci = Tenant.objects.get(siren="242900660")
    assert epci.name == "CC du Pays Fouesnantais"
    assert epci.kind == TenantKind.EPCI
    assert epci.epci_type == "CC"
    members = Tenant.objects.filter(parent=epci)
    assert {m.name for m in members} == FOUESNANTAIS
    fouesnant = members.get(insee_code="29058")
    assert (fouesnant.siren, fouesnant.schema_name, fouesnant.slug) == ("212900583", "c_29058", "fouesnant")
    assert fouesnant.population > 10000
    assert fouesnant.postal_codes == ["29170"]
    assert all(m.status == TenantStatus.ACTIVE for m in members)
    assert fouesnant.get_primary_domain().domain == "fouesnant.localhost"
    assert Tenant.objects.get(insee_code="29247").slug == "saint-evarzec"


@pytest.mark.django_db
def test_each_tenant_has_its_own_wagtail_site_on_its_primary_domain(demo: DemoTenants) -> None:
    for tenant in [demo.epci, *demo.communes.values()]:
        with tenant_context(tenant):
            site = Site.objects.get(is_default_site=True)
            assert site.hostname == tenant.get_primary_domain().domain
            assert site.site_name == tenant.name
            assert site.root_page.title == tenant.name
            assert Site.objects.count() == 1


@pytest.mark.django_db
def test_each_commune_site_shows_its_own_name(demo: DemoTenants) -> None:
    for slug in ("fouesnant", "benodet", "la-foret-fouesnant"):
        tenant = demo[slug]
        response = site_client(tenant).get("/")
        assert response.status_code == 200
        html = response.content.decode()
        assert f"<h1>{tenant.name}</h1>" in html
        others = FOUESNANTAIS - {tenant.name}
        assert not any(f"<h1>{name}</h1>" in html for name in others)


@pytest.mark.django_db
def test_epci_site_lists_its_member_communes_with_links(demo: DemoTenants) -> None:
    html = site_client(demo.epci).get("/").content.decode()
    assert "<h1>CC du Pays Fouesnantais</h1>" in html
    assert 'href="http://benodet.localhost/"' in html
    members = html.split('<h2 id="communes-membres">', 1)[1]
    member_list = members.split('<ul class="card-list">', 1)[1].split("</ul>", 1)[0]
    assert member_list.count("<li><a href=") == 7


@pytest.mark.django_db
def test_provision_single_commune_by_insee_code() -> None:
    before = _counts()
    quimper = services.provision_commune(insee_code="29232")
    assert quimper.name == "Quimper"
    assert quimper.parent is None  # its EPCI is not hosted
    assert schema_exists("c_29232")
    assert _counts() == (before[0] + 1, before[1] + 1, before[2] + 1)
    response = site_client("quimper.localhost").get("/")
    assert response.status_code == 200
    assert "<h1>Quimper</h1>" in response.content.decode()
    assert AuditEvent.objects.filter(action="tenant.provisioned", target_id=str(quimper.pk)).exists()


@pytest.mark.django_db
def test_commune_of_a_hosted_epci_is_attached_to_it(demo: DemoTenants) -> None:
    epci = demo.epci
    # Pretend Gouesnach left: remove and re-provision it alone.
    gouesnach = Tenant.objects.get(insee_code="29060")
    Domain.objects.filter(tenant=gouesnach).delete()
    gouesnach.delete(force_drop=True)
    again = services.provision_commune(insee_code="29060")
    assert again.parent_id == epci.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"insee_code": "99999"}, "Code INSEE inconnu : « 99999 »"),
        ({"insee_code": ""}, "Code INSEE inconnu"),
        ({"insee_code": "29058"}, "La commune Fouesnant (29058) est déjà hébergée"),
        ({"insee_code": "29232", "slug": "Quimper!"}, "Identifiant court invalide"),
        ({"insee_code": "29232", "slug": "-quimper"}, "Identifiant court invalide"),
        ({"insee_code": "29232", "slug": "admin"}, "est réservé"),
        ({"insee_code": "29232", "slug": "benodet"}, "déjà pris"),
        ({"insee_code": "29232", "domain": "benodet.localhost"}, "est déjà utilisé"),
        ({"insee_code": "29232", "domain": "pas un domaine"}, "Nom de domaine invalide"),
        ({"insee_code": "29232", "domain": "quimper.localhost:8000"}, "Nom de domaine invalide"),
    ],
)
def test_bad_commune_provisioning_is_refused_and_creates_nothing(
    demo: DemoTenants, kwargs: dict[str, str], message: str
) -> None:
    before = _counts()
    with pytest.raises(services.ProvisioningError) as excinfo:
        services.provision_commune(**kwargs)
    assert message in " ".join(excinfo.value.messages)
    assert _counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("siren", "message"),
    [
        ("000000000", "SIREN inconnu : « 000000000 »"),
        ("abc", "SIREN inconnu"),
        ("242900660", "est déjà hébergé"),
    ],
)
def test_bad_epci_provisioning_is_refused_and_creates_nothing(demo: DemoTenants, siren: str, message: str) -> None:
    before = _counts()
    with pytest.raises(services.ProvisioningError) as excinfo:
        services.provision_epci(siren=siren)
    assert message in " ".join(excinfo.value.messages)
    assert _counts() == before


@pytest.mark.django_db
def test_failure_midway_leaves_no_half_created_tenant_and_retry_works(monkeypatch: pytest.MonkeyPatch) -> None:
    """An EPCI whose 3rd commune fails: nothing at all is left, then a retry succeeds."""
    calls = {"n": 0}
    real = cms_api.configure_site

    def flaky(**kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("panne simulée pendant la création")
        return real(**kwargs)  # type: ignore[arg-type]

    before = _counts()
    monkeypatch.setattr(cms_api, "configure_site", flaky)
    with pytest.raises(RuntimeError):
        services.provision_epci(siren="242900645")  # Douarnenez Communauté, 5 communes
    assert _counts() == before
    assert not schema_exists("e_242900645")
    monkeypatch.setattr(cms_api, "configure_site", real)
    epci = services.provision_epci(siren="242900645")
    assert Tenant.objects.filter(parent=epci).count() == 5
    # One deployment, two EPCIs, each with its own communes.
    assert Tenant.objects.filter(kind=TenantKind.EPCI).count() == 2
    assert all(schema_exists(t.schema_name) for t in Tenant.objects.filter(parent=epci))


@pytest.mark.django_db
def test_rename_updates_the_site_and_is_audited(fouesnant: Tenant) -> None:
    services.rename_tenant(tenant=fouesnant, name="Fouesnant-les Glénan")
    fouesnant.refresh_from_db()
    assert fouesnant.name == "Fouesnant-les Glénan"
    with tenant_context(fouesnant):
        site = Site.objects.get(is_default_site=True)
        assert (site.site_name, site.root_page.title) == ("Fouesnant-les Glénan", "Fouesnant-les Glénan")
    assert AuditEvent.objects.filter(action="tenant.renamed", target_id=str(fouesnant.pk)).exists()
    with pytest.raises(services.ProvisioningError, match="de 1 à 200 caractères"):
        services.rename_tenant(tenant=fouesnant, name="   ")
    fouesnant.refresh_from_db()
    assert fouesnant.name == "Fouesnant-les Glénan"


@pytest.mark.django_db
def test_suspended_tenant_is_closed_then_reopened(
    fouesnant: Tenant, django_capture_on_commit_callbacks: object
) -> None:
    client = site_client(fouesnant)
    assert client.get("/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.suspend_tenant(tenant=fouesnant, reason="impayé")
    response = client.get("/")
    assert response.status_code == 503
    assert "temporairement indisponible" in response.content.decode()
    assert fouesnant.schema_name not in api.tenant_schemas()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.reactivate_tenant(tenant=fouesnant)
    assert client.get("/").status_code == 200
    assert fouesnant.schema_name in api.tenant_schemas()
    assert AuditEvent.objects.filter(action="tenant.suspended", data__reason="impayé").exists()


@pytest.mark.django_db
def test_added_domain_serves_the_same_tenant(benodet: Tenant, django_capture_on_commit_callbacks: object) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.add_domain(tenant=benodet, domain="WWW2.Benodet.localhost")
    response = site_client("www2.benodet.localhost").get("/")
    assert response.status_code == 200
    assert "<h1>Bénodet</h1>" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.add_domain(tenant=benodet, domain="mairie-benodet.localhost", make_primary=True)
    assert benodet.get_primary_domain().domain == "mairie-benodet.localhost"
    with tenant_context(benodet):
        assert Site.objects.get(is_default_site=True).hostname == "mairie-benodet.localhost"
    with pytest.raises(services.ProvisioningError, match="déjà utilisé"):
        services.add_domain(tenant=benodet, domain="fouesnant.localhost")
    assert Domain.objects.filter(tenant=benodet).count() == 3


@pytest.mark.django_db
def test_loops_over_tenants_skip_public_and_template(demo: DemoTenants) -> None:
    schemas = api.tenant_schemas()
    assert "public" not in schemas
    assert "tenant_template" not in schemas
    assert set(schemas) >= {"e_242900660", "c_29058", "c_29006"}
    assert schema_exists("tenant_template")


@pytest.mark.django_db
def test_template_is_kept_migrated_by_migrate_schemas() -> None:
    from django.db.migrations.executor import MigrationExecutor

    with connection.cursor():
        connection.set_schema("tenant_template")
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    connection.set_schema_to_public()
    tenant_apps_pending = [m for m, _ in plan if m.app_label not in ("accounts", "tenants", "django_tenants")]
    assert tenant_apps_pending == []


@pytest.mark.django_db
def test_commands_report_bad_input_in_french() -> None:
    with pytest.raises(CommandError, match="Code INSEE inconnu"):
        call_command("provision_commune", "00000")
    with pytest.raises(CommandError, match="SIREN inconnu"):
        call_command("provision_epci", "123")
    with pytest.raises(CommandError, match="Aucune collectivité"):
        call_command("tenant_admin", "inexistante", "--reactivate")


@pytest.mark.django_db
def test_setup_operator_command(monkeypatch: pytest.MonkeyPatch) -> None:
    from guichet.accounts.models import User

    monkeypatch.setenv("GUICHET_OPERATOR_PASSWORD", "court")
    with pytest.raises(CommandError, match="trop court"):
        call_command("setup_operator", "--email", "ops@example.fr")
    assert not User.objects.filter(email="ops@example.fr").exists()
    monkeypatch.setenv("GUICHET_OPERATOR_PASSWORD", "un mot de passe assez long")
    call_command("setup_operator", "--email", "ops@example.fr", "--domain", "guichet.example.fr")
    assert User.objects.get(email="ops@example.fr").is_superuser
    operator = Tenant.objects.get(schema_name="public")
    assert operator.domains.filter(domain="guichet.example.fr").exists()
