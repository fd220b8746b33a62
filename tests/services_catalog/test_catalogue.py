"""The competence map, published versions, who may edit what, and the catalogue pages
of each site — never another tenant's services."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InternalError, connection, transaction
from django_tenants.utils import tenant_context

from guichet.accounts.models import User
from guichet.roles.api import Role, grant_role
from services_catalog import api
from services_catalog.models import FormVersion, Service
from services_catalog.services import publish_service, save_shared_setting
from tenants.models import Tenant
from tests.conftest import DemoTenants, site_client

PASSWORD = "mot de passe très long"
FORM: list[tuple[str, dict[str, Any]]] = [
    ("text", {"label": "Nom", "key": "nom"}),
    ("email", {"label": "Courriel"}),
    ("page_break", {"title": "Votre dépôt"}),
    ("yes_no", {"label": "Le dépôt est-il sur la voie publique ?", "key": "voie"}),
    ("address", {"label": "Adresse du dépôt", "condition": {"question": "voie", "operator": "equals", "value": "oui"}}),
    ("file", {"label": "Photo", "file_types": ["jpeg", "png"], "max_size_mb": 2, "required": False}),
]


def _service(slug: str, title: str, **extra: Any) -> Service:
    values: dict[str, Any] = {
        "slug": slug,
        "title": title,
        "summary": f"{title} en ligne.",
        "category": "dechets",
        "keywords": "ordures, sauvage",
        "handling_service": "Service propreté",
        "handling_email": "proprete@example.fr",
        "silence_rule": "none",
    }
    values.update(extra)
    service = Service(**values)
    service.form = FORM  # type: ignore[assignment]
    return service


def _shared(demo: DemoTenants, slug: str = "depot-test", **extra: Any) -> Service:
    with tenant_context(demo.epci):
        service = _service(slug, "Signaler un dépôt (test)", **extra)
        publish_service(service)
        return service


@pytest.mark.django_db
def test_shared_service_is_listed_only_where_it_applies_and_is_enabled(
    demo: DemoTenants, django_capture_on_commit_callbacks: Any
) -> None:
    """Competence map: applies to 3 communes; disabled by one, it disappears from that one only."""
    three = [demo[s].insee_code for s in ("fouesnant", "benodet", "pleuven")]
    service = _shared(demo, applies_to_all_communes=False, communes=three)

    def offered(slug: str) -> bool:
        with tenant_context(demo[slug]):
            return any(e.slug == "depot-test" for e in api.catalogue(demo[slug]))

    assert [offered(s) for s in ("fouesnant", "benodet", "pleuven", "gouesnach")] == [True, True, True, False]
    # The caches are dropped on commit, as after a real request.
    with tenant_context(demo["benodet"]), django_capture_on_commit_callbacks(execute=True):
        save_shared_setting(service_key=str(service.key), enabled=False)
    assert [offered(s) for s in ("fouesnant", "benodet", "pleuven")] == [True, False, True]
    with tenant_context(demo["fouesnant"]), django_capture_on_commit_callbacks(execute=True):
        save_shared_setting(service_key=str(service.key), enabled=True, local_title="Dépôt sauvage à Fouesnant")
    with tenant_context(demo["fouesnant"]):
        entry = next(e for e in api.catalogue(demo["fouesnant"]) if e.key == str(service.key))
    assert entry.title == "Dépôt sauvage à Fouesnant"
    assert entry.handled_by == "epci" and entry.handler_schema == demo.epci.schema_name
    assert site_client(demo["benodet"]).get("/demarches/depot-test/").status_code == 404
    assert site_client(demo["gouesnach"]).get("/demarches/depot-test/").status_code == 404
    assert "Dépôt sauvage à Fouesnant" in site_client(demo["fouesnant"]).get("/demarches/").content.decode()


@pytest.mark.django_db
def test_local_service_stays_in_its_commune(fouesnant: Tenant, benodet: Tenant) -> None:
    with tenant_context(fouesnant):
        publish_service(_service("location-kayak", "Location de kayak"))
    assert site_client(fouesnant).get("/demarches/location-kayak/").status_code == 200
    assert site_client(benodet).get("/demarches/location-kayak/").status_code == 404
    assert "Location de kayak" not in site_client(benodet).get("/demarches/").content.decode()
    with tenant_context(benodet):
        assert not Service.objects.filter(slug="location-kayak").exists()


@pytest.mark.django_db
def test_epci_sees_who_offers_what(demo: DemoTenants) -> None:
    service = _shared(demo)
    with tenant_context(demo["benodet"]):
        save_shared_setting(service_key=str(service.key), enabled=False)
    with tenant_context(demo["fouesnant"]):
        publish_service(_service("location-kayak", "Location de kayak"))
    with tenant_context(demo.epci):
        table = api.competence_map(demo.epci)
    column = [e.key for e in table["shared"]].index(str(service.key))
    rows = {r["commune"]: r for r in table["rows"]}
    assert len(rows) == 7
    assert rows["Bénodet"]["cells"][column]["enabled"] is False
    assert rows["Fouesnant"]["cells"][column]["enabled"] is True
    assert "Location de kayak" in rows["Fouesnant"]["local"]
    assert "Location de kayak" not in rows["Bénodet"]["local"]


@pytest.mark.django_db
def test_published_versions_never_change(fouesnant: Tenant) -> None:
    with tenant_context(fouesnant):
        service = _service("version-test", "Version")
        first = publish_service(service)
        assert first.number == 1 and first.schema["pages"][0]["items"][0]["key"] == "nom"
        assert publish_service(service).pk == first.pk  # nothing changed: same version
        service.form = [*FORM, ("long_text", {"label": "Commentaire", "required": False})]  # type: ignore[assignment]
        second = publish_service(service)
        assert second.number == 2
        first.refresh_from_db()
        assert [i["key"] for i in first.schema["pages"][-1]["items"]] == ["voie", "adresse_du_depot", "photo"]
        first.schema = {"pages": []}
        with pytest.raises(ValidationError):
            first.save()
        with pytest.raises(ValidationError):
            first.delete()
        # Below the ORM too: the database refuses, in this cloned schema.
        with pytest.raises((IntegrityError, InternalError)), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE services_catalog_formversion SET schema = '{}' WHERE id = %s", [first.pk])
        with pytest.raises((IntegrityError, InternalError)), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM services_catalog_formversion WHERE id = %s", [first.pk])
        assert FormVersion.objects.filter(service=service).count() == 2


@pytest.mark.django_db
def test_legal_settings_are_frozen_once_published(fouesnant: Tenant) -> None:
    """R-SVA-2: SVA/SVR, delay and legal basis cannot change after publication."""
    with tenant_context(fouesnant):
        service = _service(
            "salle-test",
            "Salle",
            silence_rule="svr",
            silence_delay=2,
            silence_delay_unit="months",
            legal_basis="Décret n° 2015-1459 du 10 novembre 2015",
        )
        publish_service(service)
        service.silence_rule = "sva"
        with pytest.raises(ValidationError) as error:
            service.full_clean()
        assert "ne peut plus changer" in error.value.message_dict["silence_rule"][0]
        service.silence_rule = "svr"
        service.summary = "Autre résumé"  # the rest may change
        service.full_clean()


@pytest.mark.django_db
def test_a_service_needs_its_legal_basis_and_a_contact(fouesnant: Tenant) -> None:
    """R-SVA-2, R-SVE-3 (b)."""
    with tenant_context(fouesnant):
        service = _service("incomplet", "Incomplet", silence_rule="sva", handling_email="")
        with pytest.raises(ValidationError) as error:
            service.full_clean()
    messages = error.value.message_dict
    assert "délai" in messages["silence_delay"][0]
    assert "CRPA" in messages["legal_basis"][0]
    assert "accusé de réception" in messages["handling_email"][0]


def _login(tenant: Tenant, email: str, role: Role) -> Any:
    user = User.objects.create_user(email, PASSWORD)
    grant_role(tenant=tenant, user=user, role=role)
    client = site_client(tenant)
    assert client.post("/compte/connexion/", {"username": email, "password": PASSWORD}).status_code == 302
    return client


EDIT = "/admin/snippets/services_catalog/service/edit/{pk}/"


@pytest.mark.django_db
def test_commune_admin_cannot_edit_the_epci_definition_and_the_reverse(demo: DemoTenants) -> None:
    shared = _shared(demo)
    with tenant_context(demo["benodet"]):
        local = _service("marche-noel", "Place au marché de Noël")
        publish_service(local)
    commune_admin = _login(demo["benodet"], "admin.cat@benodet.example", Role.COMMUNE_ADMIN)
    assert commune_admin.get(EDIT.format(pk=local.pk)).status_code == 200
    epci_host = site_client(demo.epci)
    epci_host.post("/compte/connexion/", {"username": "admin.cat@benodet.example", "password": PASSWORD})
    assert epci_host.get(EDIT.format(pk=shared.pk)).status_code == 302  # no access to the EPCI's admin at all

    epci_admin = _login(demo.epci, "admin.cat@epci.example", Role.EPCI_ADMIN)
    assert epci_admin.get(EDIT.format(pk=shared.pk)).status_code == 200
    commune_host = site_client(demo["benodet"])
    commune_host.post("/compte/connexion/", {"username": "admin.cat@epci.example", "password": PASSWORD})
    assert commune_host.get(EDIT.format(pk=local.pk)).status_code == 302


@pytest.mark.django_db
def test_editor_drafts_but_only_an_administrator_publishes(fouesnant: Tenant) -> None:
    with tenant_context(fouesnant):
        service = _service("brouillon", "Brouillon")
        publish_service(service)
        user = User.objects.create_user("editeur.cat@fouesnant.example", PASSWORD)
        grant_role(tenant=fouesnant, user=user, role=Role.EDITOR)
        user = User.objects.get(pk=user.pk)
        assert user.has_perm("services_catalog.change_service")
        assert not user.has_perm("services_catalog.publish_service")
        admin = User.objects.create_user("admin.cat@fouesnant.example", PASSWORD)
        grant_role(tenant=fouesnant, user=admin, role=Role.COMMUNE_ADMIN)
        assert User.objects.get(pk=admin.pk).has_perm("services_catalog.publish_service")


@pytest.mark.django_db
def test_commune_sets_a_shared_service_in_its_admin_with_bad_input_refused(
    demo: DemoTenants, django_capture_on_commit_callbacks: Any
) -> None:
    shared = _shared(demo)
    client = _login(demo["pleuven"], "admin.cat@pleuven.example", Role.COMMUNE_ADMIN)
    listing = client.get("/admin/catalogue/demarches-epci/").content.decode()
    assert "Signaler un dépôt (test)" in listing
    url = f"/admin/catalogue/demarches-epci/{shared.key}/"
    response = client.post(url, {"enabled": "", "local_title": "x" * 151})
    assert response.status_code == 200
    assert "au plus 150 caractères" in response.content.decode()
    with tenant_context(demo["pleuven"]):
        assert any(e.key == str(shared.key) for e in api.catalogue(demo["pleuven"]))  # nothing changed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"enabled": "", "local_title": ""})
    assert response.status_code == 302
    with tenant_context(demo["pleuven"]):
        assert not any(e.key == str(shared.key) for e in api.catalogue(demo["pleuven"]))
    assert client.get("/admin/catalogue/carte-des-competences/").status_code == 404  # EPCI only
    epci_admin = _login(demo.epci, "admin.carte@epci.example", Role.EPCI_ADMIN)
    table = epci_admin.get("/admin/catalogue/carte-des-competences/").content.decode()
    assert "Désactivée par la commune" in table and "Pleuven" in table


@pytest.mark.django_db
def test_epci_admin_builds_and_publishes_a_shared_service_in_the_admin(demo: DemoTenants) -> None:
    """The admin form: communes listed by name (EPCI only), the form builder, publication
    freezing version 1; a form that cannot work is refused in French, nothing saved."""
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    client = _login(demo.epci, "admin.build@epci.example", Role.EPCI_ADMIN)
    add_url = "/admin/snippets/services_catalog/service/add/"
    page = client.get(add_url).content.decode()
    assert "Bénodet" in page and "Pleuven" in page and 'name="communes"' in page
    three = [demo[s].insee_code for s in ("fouesnant", "pleuven", "saint-evarzec")]

    def data(form: list[tuple[str, Any]]) -> dict[str, Any]:
        values = nested_form_data(
            {
                "title": "Signaler un nid de frelons",
                "slug": "frelons",
                "summary": "Destruction des nids.",
                "description": "",
                "category": "vie_pratique",
                "keywords": "",
                "eligibility": "anyone",
                "silence_rule": "none",
                "silence_delay_unit": "months",
                "retention_months": "24",
                "handling_service": "Service environnement",
                "handling_phone": "02 98 00 00 00",
                "channels": ["web"],
                "communes": three,
                "form": streamfield(form),
                "action-publish": "action-publish",
            }
        )
        values["communes"] = three
        values["channels"] = ["web"]
        for index, (block_type, _value) in enumerate(form):
            if block_type == "file":  # a multiple choice posts one value per ticked box
                values[f"form-{index}-value-file_types"] = ["jpeg", "png"]
        return values

    broken = [("text", {"label": "Adresse", "condition": {"question": "inconnue", "operator": "equals", "value": "x"}})]
    response = client.post(add_url, data([(t, _block_value(t, v)) for t, v in broken]))
    assert response.status_code == 200
    # The StreamField's errors travel as JSON to the editor's script (hence the escapes).
    assert "la condition renvoie \\u00e0 \\u00ab inconnue \\u00bb" in response.content.decode()
    with tenant_context(demo.epci):
        assert not Service.objects.filter(slug="frelons").exists()

    good = [
        ("yes_no", {"label": "Sur la voie publique ?", "key": "voie"}),
        ("address", {"label": "Adresse", "condition": {"question": "voie", "operator": "equals", "value": "oui"}}),
        ("file", {"label": "Photo", "file_types": ["jpeg", "png"], "max_size_mb": 5, "required": False}),
        ("explanation", {"text": rich_text("<p>Merci.</p>")}),
    ]
    response = client.post(add_url, data([(t, _block_value(t, v)) for t, v in good]))
    assert response.status_code == 302
    with tenant_context(demo.epci):
        service = Service.objects.get(slug="frelons")
        assert service.live and service.communes == three and not service.applies_to_all_communes
        version = service.versions.get()
    assert version.number == 1
    assert [i["type"] for i in version.schema["pages"][0]["items"]] == ["yes_no", "address", "file", "explanation"]
    offered = []
    for slug in ("fouesnant", "pleuven", "saint-evarzec", "benodet"):
        with tenant_context(demo[slug]):
            offered.append(any(e.slug == "frelons" for e in api.catalogue(demo[slug])))
    assert offered == [True, True, True, False]


def _block_value(block_type: str, value: dict[str, Any]) -> dict[str, Any]:
    """Form data of one builder block: every sub-field posted, as the admin's form does."""
    base = {
        "label": "",
        "help_text": "",
        "required": "on",
        "key": "",
        "condition": {"question": "", "operator": "equals", "value": ""},
    }
    if block_type == "explanation":
        return {"text": value["text"], "condition": base["condition"]}
    merged: dict[str, Any] = {**base, **value}
    if merged.get("required") is False:
        merged["required"] = ""
    elif merged.get("required") is True:
        merged["required"] = "on"
    defaults: dict[str, dict[str, Any]] = {
        "text": {"max_length": "200", "autocomplete": ""},
        "file": {"max_size_mb": "5"},
    }
    return {**defaults.get(block_type, {}), **merged}


@pytest.mark.django_db
def test_a_publication_in_the_epci_refreshes_every_members_cached_catalogue(
    demo: DemoTenants, django_capture_on_commit_callbacks: Any
) -> None:
    """Members cache the EPCI's list in their own namespace; the EPCI's commit drops each copy."""

    def slugs(slug: str) -> set[str]:
        with tenant_context(demo[slug]):
            return {e.slug for e in api.catalogue(demo[slug])}

    assert "depot-test" not in slugs("fouesnant") | slugs("benodet")  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        _shared(demo)
    assert "depot-test" in slugs("fouesnant") and "depot-test" in slugs("benodet")
    with tenant_context(demo.epci), django_capture_on_commit_callbacks(execute=True):
        service = Service.objects.get(slug="depot-test")
        service.unpublish()
    assert "depot-test" not in slugs("fouesnant")
