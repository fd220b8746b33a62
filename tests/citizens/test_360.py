"""The agents' 360° view (issue #6, part 5): a search of the citizens known to the tenant,
the reason asked before opening a file, the file limited to the tenant (or the EPCI and its
communes with the dedicated permission), every look audited in each schema read and listed
in the citizen's space."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context, tenant_context

from guichet.audit.models import AuditEvent
from guichet.casework.models import Request
from guichet.citizens import lookups
from guichet.roles.api import Role
from tests.conftest import DemoTenants

from .helpers import SHARED_SLUG, agent_client, citizen, citizen_request, signed_in, text

SEARCH = "/admin/usagers/"


def _ref(schema: str, request_id: int) -> str:
    with schema_context(schema):
        return Request.objects.get(pk=request_id).reference


def _audit(schema: str, action: str, target_id: object) -> list[AuditEvent]:
    with schema_context(schema):
        return list(AuditEvent.objects.filter(action=action, target_type="citizen", target_id=str(target_id)))


@pytest.fixture
def spread(demo: DemoTenants) -> dict[str, object]:
    """A citizen with requests at Fouesnant, Bénodet and the EPCI (from Bénodet's site)."""
    me = citizen("maelle.360@example.fr", "Maëlle", "Le Dréau")
    return {
        "me": me,
        "fouesnant": citizen_request(demo["fouesnant"], me),
        "benodet": citizen_request(demo["benodet"], me, channel="phone"),
        "epci": citizen_request(demo["benodet"], me, service_slug=SHARED_SLUG),
    }


@pytest.mark.django_db
def test_search_finds_citizens_known_here_ignoring_accents_and_case(demo: DemoTenants, spread: dict) -> None:
    client, _agent = agent_client(demo["benodet"], "agent.360@benodet.example")
    found = text(client.get(SEARCH, {"q": "le dreau"}))
    assert "Maëlle Le Dréau" in found and "1 usager trouvé" in found
    assert f"/admin/usagers/{spread['me'].pk}/" in found
    assert "maelle.360@example" in text(client.get(SEARCH, {"q": "MAELLE.360"}))
    # Too short: nothing searched. Nothing matching: said so.
    assert "au moins deux caractères" in text(client.get(SEARCH, {"q": "m"}))
    assert "Aucun usager ne correspond" in text(client.get(SEARCH, {"q": "Personne Inconnue"}))


@pytest.mark.django_db
def test_bénodet_agent_opens_a_file_with_a_reason_and_sees_bénodet_items_only(demo: DemoTenants, spread: dict) -> None:
    """R-RGPD-5: the 360° read is in the audit log (with its reason) and shown to the citizen."""
    benodet = demo["benodet"]
    me = spread["me"]
    client, agent = agent_client(benodet, "yann.360@benodet.example", first_name="Yann", last_name="Kerjean")
    url = f"{SEARCH}{me.pk}/"
    ask = client.get(url)
    assert ask.status_code == 200
    body = text(ask)
    assert "Motif de la consultation" in body and "Consulter le dossier de Maëlle Le Dréau" in body
    assert _ref(*spread["benodet"]) not in body  # nothing shown before the reason
    assert _audit(benodet.schema_name, lookups.VIEWED_360, me.pk) == []

    opened = client.post(url, {"motif": "accueil"})
    assert opened.status_code == 200
    body = text(opened)
    assert _ref(*spread["benodet"]) in body and "Par téléphone" in body
    assert _ref(*spread["fouesnant"]) not in body
    assert _ref(*spread["epci"]) not in body

    rows = _audit(benodet.schema_name, lookups.VIEWED_360, me.pk)
    assert len(rows) == 1
    assert rows[0].actor_id == agent.pk
    assert rows[0].data["reason"] == "accueil"
    assert rows[0].data["schemas"] == [benodet.schema_name]
    assert rows[0].data["agent_tenant"] == benodet.name
    # Nobody else's log is touched: only Bénodet was read.
    assert _audit(demo["fouesnant"].schema_name, lookups.VIEWED_360, me.pk) == []
    assert _audit(demo.epci.schema_name, lookups.VIEWED_360, me.pk) == []

    # The citizen sees the look in their space, on any site of the family.
    space = text(signed_in(demo["fouesnant"], me.email).get("/mon-espace/"))
    assert "Yann Kerjean" in space and "Accueil au guichet ou au téléphone" in space
    assert benodet.name in space


@pytest.mark.django_db
def test_other_reason_needs_its_text_and_is_shown_to_the_citizen(demo: DemoTenants, spread: dict) -> None:
    benodet = demo["benodet"]
    me = spread["me"]
    client, _agent = agent_client(benodet, "autre.360@benodet.example")
    url = f"{SEARCH}{me.pk}/"
    missing = client.post(url, {"motif": "autre", "precision": "  "})
    assert missing.status_code == 400
    assert "Précisez le motif" in text(missing)
    assert _ref(*spread["benodet"]) not in text(missing)
    assert _audit(benodet.schema_name, lookups.VIEWED_360, me.pk) == []
    refused = _audit(benodet.schema_name, lookups.REFUSED_360, me.pk)
    assert [r.data["why"] for r in refused] == ["invalid_reason"]

    assert client.post(url, {"motif": "autre", "precision": "Vérification d'adresse"}).status_code == 200
    looks = lookups.looks_at(user_id=me.pk, schemas=lookups.family_schemas(benodet.schema_name))
    assert [(look.reason_label, look.reason_other) for look in looks] == [("Autre motif", "Vérification d'adresse")]


@pytest.mark.django_db
@pytest.mark.parametrize("posted", [{}, {"motif": "curiosite"}, {"motif": ["accueil", "autre"]}, {"motif": ""}])
def test_missing_or_forged_reason_is_refused_in_french_and_logged(
    demo: DemoTenants, spread: dict, posted: dict
) -> None:
    benodet = demo["benodet"]
    me = spread["me"]
    client, _agent = agent_client(benodet, "forge.360@benodet.example")
    response = client.post(f"{SEARCH}{me.pk}/", posted)
    assert response.status_code == 400
    body = text(response)
    assert "Le dossier n'a pas été ouvert" in body
    assert any(m in body for m in ("Indiquez le motif", "Ce motif n'existe pas", "Précisez le motif"))
    assert _ref(*spread["benodet"]) not in body
    assert _audit(benodet.schema_name, lookups.VIEWED_360, me.pk) == []
    assert len(_audit(benodet.schema_name, lookups.REFUSED_360, me.pk)) == 1


@pytest.mark.django_db
def test_epci_administrator_sees_across_the_communes_and_each_log_knows(demo: DemoTenants, spread: dict) -> None:
    """R-RGPD-5: a cross-commune read is in the log of every collectivité whose data was read."""
    epci, benodet, fouesnant = demo.epci, demo["benodet"], demo["fouesnant"]
    me = spread["me"]
    client, admin = agent_client(epci, "admin.360@epci.example", role=Role.EPCI_ADMIN, first_name="Anne")
    found = text(client.get(SEARCH, {"q": "Dréau", "portee": "epci"}))
    assert f"/admin/usagers/{me.pk}/?portee=epci" in found
    assert "3 demandes" in found or ">3<" in found

    # Its own scope only by default: the EPCI's request.
    own = text(client.post(f"{SEARCH}{me.pk}/", {"motif": "instruction"}))
    assert _ref(*spread["epci"]) in own and _ref(*spread["benodet"]) not in own

    across = client.post(f"{SEARCH}{me.pk}/", {"motif": "question", "portee": "epci"})
    assert across.status_code == 200
    body = text(across)
    for key in ("epci", "benodet", "fouesnant"):
        assert _ref(*spread[key]) in body, key
    look_rows = {
        schema: _audit(schema, lookups.VIEWED_360, me.pk)
        for schema in (epci.schema_name, benodet.schema_name, fouesnant.schema_name)
    }
    cross_looks = {schema: [r for r in rows if r.data["reason"] == "question"] for schema, rows in look_rows.items()}
    assert all(len(rows) == 1 for rows in cross_looks.values()), cross_looks
    assert len({rows[0].data["look"] for rows in cross_looks.values()}) == 1
    assert set(cross_looks[benodet.schema_name][0].data["schemas"]) == {
        epci.schema_name,
        benodet.schema_name,
        fouesnant.schema_name,
    }
    assert all(rows[0].actor_id == admin.pk for rows in cross_looks.values())
    # Another commune of the EPCI where the citizen has nothing: nothing read, nothing written.
    assert _audit(demo["pleuven"].schema_name, lookups.VIEWED_360, me.pk) == []
    # The citizen's space shows each look once (two looks: own scope, then across).
    looks = lookups.looks_at(user_id=me.pk, schemas=lookups.family_schemas(benodet.schema_name))
    assert [look.reason_label for look in looks] == ["Réponse à une question de l'usager", "Instruction d'une demande"]


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["epci_agent", "commune_admin"])
def test_cross_commune_view_without_the_permission_is_refused_and_logged(
    demo: DemoTenants, spread: dict, where: str
) -> None:
    me = spread["me"]
    if where == "epci_agent":
        tenant, role = demo.epci, Role.AGENT
    else:
        tenant, role = demo["benodet"], Role.COMMUNE_ADMIN
    client, _user = agent_client(tenant, f"{where}.cross@example.org", role=role)
    for response in (
        client.get(SEARCH, {"q": "Dréau", "portee": "epci"}),
        client.get(f"{SEARCH}{me.pk}/", {"portee": "epci"}),
        client.post(f"{SEARCH}{me.pk}/", {"motif": "accueil", "portee": "epci"}),
    ):
        assert response.status_code == 403
        body = text(response)
        assert "réservée aux agents de l'EPCI" in body
        assert _ref(*spread["fouesnant"]) not in body
    with tenant_context(tenant):
        refused = list(AuditEvent.objects.filter(action=lookups.REFUSED_360, data__why="cross_epci_without_permission"))
    assert len(refused) == 3
    assert _audit(tenant.schema_name, lookups.VIEWED_360, me.pk) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("citizen_id", "status", "message"),
    [("abc", 400, "pas valide"), ("12a", 400, "pas valide"), ("99999999", 404, "Aucun usager connu")],
)
def test_bad_citizen_ids_are_refused_in_french_and_logged(
    demo: DemoTenants, citizen_id: str, status: int, message: str
) -> None:
    benodet = demo["benodet"]
    client, _agent = agent_client(benodet, "ids.360@benodet.example")
    for response in (client.get(f"{SEARCH}{citizen_id}/"), client.post(f"{SEARCH}{citizen_id}/", {"motif": "accueil"})):
        assert response.status_code == status
        assert message in text(response)
    with tenant_context(benodet):
        refused = AuditEvent.objects.filter(action=lookups.REFUSED_360, target_id=citizen_id)
        assert refused.count() == 2


@pytest.mark.django_db
def test_only_the_tenants_agents_get_in(demo: DemoTenants, spread: dict) -> None:
    me = spread["me"]
    as_citizen = signed_in(demo["benodet"], me.email)
    for path in (SEARCH, f"{SEARCH}{me.pk}/"):
        response = as_citizen.get(path)
        assert response.status_code in (302, 403)
        assert "Maëlle" not in text(response)
    # An agent of Fouesnant signed in on Bénodet's site is nobody there.
    _client, fouesnant_agent = agent_client(demo["fouesnant"], "visiteur@fouesnant.example")
    elsewhere = signed_in(demo["benodet"], fouesnant_agent.email)
    assert elsewhere.get(SEARCH, {"q": "Dréau"}).status_code in (302, 403)


@pytest.mark.django_db
def test_request_page_links_to_the_citizens_file_and_menu_shows_usagers(demo: DemoTenants, spread: dict) -> None:
    benodet = demo["benodet"]
    client, _agent = agent_client(benodet, "lien.360@benodet.example")
    schema, request_id = spread["benodet"]
    page = text(client.get(f"/admin/demandes/{request_id}/"))
    assert "Voir le dossier de l'usager" in page
    assert f'href="/admin/usagers/{spread["me"].pk}/"' in page
    assert "/admin/usagers/" in text(client.get("/admin/"))  # the menu (Wagtail renders it from JSON)
