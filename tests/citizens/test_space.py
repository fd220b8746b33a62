"""The citizen's space, "Mon espace" (issue #6, part 4): on any site of the EPCI family, a
signed-in citizen sees all their requests — the commune's, the other communes' where they
applied, the EPCI's — with status, collectivité, channel and a link on the origin site, the
documents issued, and who looked at their file."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from guichet.casework import services as casework_services
from guichet.casework.models import Request
from guichet.citizens import lookups
from tests.casework.factories import agent
from tests.conftest import DemoTenants, site_client

from .helpers import SHARED_SLUG, citizen, citizen_request, signed_in, text

SPACE = "/mon-espace/"


def _reference(schema: str, request_id: int) -> str:
    from django_tenants.utils import schema_context

    with schema_context(schema):
        return Request.objects.get(pk=request_id).reference


@pytest.mark.django_db
def test_space_lists_requests_of_the_commune_other_communes_and_the_epci_on_each_site(demo: DemoTenants) -> None:
    fouesnant, benodet, pleuven = demo["fouesnant"], demo["benodet"], demo["pleuven"]
    me = citizen("maelle.space@example.fr")
    someone_else = citizen("autre.usager@example.fr", "Autre", "Usager")
    at_fouesnant = citizen_request(fouesnant, me)
    at_benodet = citizen_request(benodet, me, channel="counter")
    at_epci = citizen_request(benodet, me, service_slug=SHARED_SLUG)
    not_mine = citizen_request(fouesnant, someone_else)
    assert at_epci[0] == demo.epci.schema_name
    refs = {_reference(*r) for r in (at_fouesnant, at_benodet, at_epci)}

    for site in (fouesnant, benodet, pleuven, demo.epci):
        page = signed_in(site, me.email).get(SPACE)
        assert page.status_code == 200
        body = text(page)
        assert refs <= {ref for ref in refs if ref in body}, site.schema_name
        assert _reference(*not_mine) not in body
        # The collectivité handling each, the channel, the origin of the shared one.
        assert "Pays Fouesnantais" in body or "Fouesnantais" in body
        assert "Au guichet" in body and "En ligne" in body
        assert "demandée sur le site de Bénodet" in body

    # Links: the tracking page on the origin site's domain.
    rows = lookups.citizen_space(user_id=me.pk, site_schema=pleuven.schema_name).requests
    by_ref = {r.reference: r for r in rows}
    epci_row = by_ref[_reference(*at_epci)]
    assert epci_row.handler_name == demo.epci.name
    assert epci_row.url.startswith(f"http://{benodet.get_primary_domain().domain}/suivi/")
    follow = site_client(benodet).get(epci_row.url.split(benodet.get_primary_domain().domain, 1)[1])
    assert follow.status_code == 200 and _reference(*at_epci) in text(follow)


@pytest.mark.django_db
def test_space_lists_documents_issued_and_downloads_them_through_the_tracking_page(demo: DemoTenants) -> None:
    fouesnant = demo["fouesnant"]
    me = citizen("maelle.docs@example.fr")
    schema, request_id = citizen_request(fouesnant, me)
    with tenant_context(fouesnant):
        actor = agent(fouesnant, "agent.docs@fouesnant.example")
        casework_services.decide(request_id=request_id, actor=actor, outcome="accepted", reason="Dossier complet")
    space = lookups.citizen_space(user_id=me.pk, site_schema=fouesnant.schema_name)
    kinds = {d.kind for _row, d in space.documents}
    assert "decision" in kinds
    page = text(signed_in(fouesnant, me.email).get(SPACE))
    decision = next(d for _row, d in space.documents if d.kind == "decision")
    assert decision.url in page
    path = decision.url.split(fouesnant.get_primary_domain().domain, 1)[1]
    download = site_client(fouesnant).get(path)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")


@pytest.mark.django_db
def test_space_needs_a_signed_in_citizen_and_an_epci_or_commune_site(demo: DemoTenants) -> None:
    anonymous = site_client(demo["fouesnant"]).get(SPACE)
    assert anonymous.status_code == 302 and "/compte/connexion/" in anonymous["Location"]
    empty = signed_in(demo["fouesnant"], citizen("sans.demande@example.fr").email).get(SPACE)
    assert empty.status_code == 200
    assert "Vous n'avez pas encore de demande" in text(empty)
    assert "Aucun agent n'a consulté" in text(empty)
    # The operator's site has no citizen space.
    assert site_client("localhost").get(SPACE).status_code in (302, 404)


@pytest.mark.django_db
def test_header_links_the_space_for_a_signed_in_person(demo: DemoTenants) -> None:
    me = citizen("maelle.header@example.fr")
    home = text(signed_in(demo["benodet"], me.email).get("/demarches/"))
    assert 'href="/mon-espace/"' in home and "Mon espace" in home
    assert 'href="/mon-espace/"' not in text(site_client(demo["benodet"]).get("/demarches/"))


@pytest.mark.django_db
def test_space_reads_each_schema_of_the_family_a_bounded_number_of_times(demo: DemoTenants) -> None:
    """One query per schema and section (requests, their documents, looks, vault pieces,
    drafts), plus a few fixed ones (session, user, tenant lookups)."""
    benodet = demo["benodet"]
    me = citizen("maelle.queries@example.fr")
    for _ in range(3):
        citizen_request(benodet, me)
        citizen_request(benodet, me, service_slug=SHARED_SLUG)
    client = signed_in(benodet, me.email)
    client.get(SPACE)  # warm the per-process tenant lookups
    schemas = lookups.family_schemas(benodet.schema_name)
    assert len(schemas) == 1 + len(demo.communes)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(SPACE).status_code == 200
    selects = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SET search_path")]
    per_schema_sections = 5
    assert len(selects) <= per_schema_sections * len(schemas) + 10, "\n".join(q[:150] for q in selects)


@pytest.mark.django_db
def test_space_lists_vault_pieces_kept_anywhere_in_the_family(demo: DemoTenants) -> None:
    """R-DLNUF-2: the citizen's pieces, with their validity, wherever they are kept in the EPCI."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from guichet.vault import services as vault_services

    me = citizen("maelle.coffre@example.fr")
    with tenant_context(demo["benodet"]):
        vault_services.add_piece(
            owner=me,
            kind="identity",
            label="Carte d'identité de Maëlle",
            upload=SimpleUploadedFile("cni.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
        )
    page = text(signed_in(demo["fouesnant"], me.email).get(SPACE))
    assert "Carte d'identité de Maëlle" in page
    assert "conservée par Bénodet" in page and "valable jusqu'au" in page
    assert 'href="/mon-coffre/"' in page  # where to manage them
    # Another citizen's space does not show it.
    other = citizen("autre.coffre@example.fr", "Autre", "Personne")
    assert "Carte d'identité de Maëlle" not in text(signed_in(demo["fouesnant"], other.email).get(SPACE))
