"""Isolation (issue #6): no agent of commune A (Fouesnant) can list or open anything of
commune B (Bénodet) — the queue, the request page and its search, the 360° view and its
search, the document URLs, the vault's admin pages — and the bad inputs of the 360° view are
refused in French and logged."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context, tenant_context

from guichet.audit.models import AuditEvent
from guichet.casework import services as casework_services
from guichet.casework.models import Document, Request
from guichet.citizens import lookups
from guichet.vault import services as vault_services
from tests.casework.factories import agent
from tests.conftest import DemoTenants

from .helpers import agent_client, citizen, citizen_request, text

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def b_only(demo: DemoTenants) -> dict[str, Any]:
    """A citizen with a decided request (and its documents) and a vault piece at Bénodet only."""
    benodet = demo["benodet"]
    me = citizen("goulven.b@example.fr", "Goulven", "Bénodetois")
    schema, request_id = citizen_request(benodet, me)
    with tenant_context(benodet):
        actor = agent(benodet, "instructeur@benodet.example")
        casework_services.decide(request_id=request_id, actor=actor, outcome="accepted", reason="Complet")
        request = Request.objects.get(pk=request_id)
        document_ids = list(Document.objects.filter(request=request).values_list("pk", flat=True))
        piece = vault_services.add_piece(
            owner=me, kind="identity", upload=SimpleUploadedFile("cni.pdf", PDF, content_type="application/pdf")
        )
    assert schema == benodet.schema_name and document_ids
    return {
        "me": me,
        "id": request_id,
        "reference": request.reference,
        "documents": document_ids,
        "piece": piece.pk,
    }


def _nothing_of_b(response: Any, b: dict[str, Any], *, searched: str = "") -> str:
    body = text(response).replace(f'value="{searched}"', "") if searched else text(response)
    assert b["reference"] not in body
    assert "Bénodetois" not in body
    assert "goulven.b@example" not in body
    return body


@pytest.mark.django_db
def test_agent_of_a_cannot_list_or_open_anything_of_b(demo: DemoTenants, b_only: dict[str, Any]) -> None:
    fouesnant = demo["fouesnant"]
    client, curious = agent_client(fouesnant, "curieux@fouesnant.example")
    with tenant_context(fouesnant):
        assert not Request.objects.filter(pk=b_only["id"]).exists()  # the forged id is B's only

    # The queue and its search.
    _nothing_of_b(client.get("/admin/demandes/"), b_only)
    _nothing_of_b(client.get("/admin/demandes/", {"q": "Bénodetois"}), b_only, searched="Bénodetois")
    by_reference = text(client.get("/admin/demandes/", {"q": b_only["reference"]}))
    assert "0 demande" in by_reference and f"/admin/demandes/{b_only['id']}/" not in by_reference
    # The request page and its downloads, with B's ids.
    page = client.get(f"/admin/demandes/{b_only['id']}/")
    assert page.status_code == 404
    _nothing_of_b(page, b_only)
    for document_id in b_only["documents"]:
        download = client.get(f"/admin/demandes/{b_only['id']}/documents/{document_id}/")
        assert download.status_code == 404
        _nothing_of_b(download, b_only)
    assert client.get(f"/admin/demandes/{b_only['id']}/fichiers/1/").status_code == 404

    # The 360° search and view.
    found = client.get("/admin/usagers/", {"q": "Bénodetois"})
    assert "Aucun usager ne correspond" in _nothing_of_b(found, b_only, searched="Bénodetois")
    forged = f"/admin/usagers/{b_only['me'].pk}/"
    for response in (client.get(forged), client.post(forged, {"motif": "accueil"})):
        assert response.status_code == 404
        assert "Aucun usager connu de votre collectivité" in _nothing_of_b(response, b_only)
    # No look at B's citizen was recorded anywhere (the browser journeys commit their own looks
    # at other citizens, so only this citizen's rows are counted).
    target = {"action": lookups.VIEWED_360, "target_type": "citizen", "target_id": str(b_only["me"].pk)}
    with tenant_context(fouesnant):
        refused = AuditEvent.objects.filter(action=lookups.REFUSED_360, data__why="unknown_here")
        assert refused.filter(actor_id=curious.pk).count() == 2
        assert not AuditEvent.objects.filter(**target).exists()
    with schema_context(demo["benodet"].schema_name):
        assert not AuditEvent.objects.filter(**target).exists()


@pytest.mark.django_db
def test_vault_admin_pages_of_a_reveal_nothing_of_b(demo: DemoTenants, b_only: dict[str, Any]) -> None:
    client, _agent = agent_client(demo["fouesnant"], "coffre.curieux@fouesnant.example")
    for path in (
        f"/admin/coffre/usager/{b_only['me'].pk}/",
        f"/admin/coffre/{b_only['piece']}/fichier/",
    ):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        body = _nothing_of_b(response, b_only)
        assert "cni.pdf" not in body
        assert response.get("Content-Disposition") is None
    check = client.post(f"/admin/coffre/{b_only['piece']}/verifier/")
    assert check.status_code in (302, 400, 403, 404)
    with tenant_context(demo["benodet"]):
        from guichet.vault.models import VaultPiece

        assert VaultPiece.objects.get(pk=b_only["piece"]).checked_at is None


@pytest.mark.django_db
def test_agent_of_b_sees_b_and_the_same_forged_ids_work_only_at_home(demo: DemoTenants, b_only: dict[str, Any]) -> None:
    """The control: what A cannot reach, B's agent can (so the checks above test isolation,
    not a broken page)."""
    client, _agent = agent_client(demo["benodet"], "maison@benodet.example")
    assert b_only["reference"] in text(client.get("/admin/demandes/"))
    assert client.get(f"/admin/demandes/{b_only['id']}/").status_code == 200
    assert client.get(f"/admin/demandes/{b_only['id']}/documents/{b_only['documents'][0]}/").status_code == 200
    assert "Bénodetois" in text(client.get("/admin/usagers/", {"q": "Bénodetois"}))
    opened = client.post(f"/admin/usagers/{b_only['me'].pk}/", {"motif": "instruction"})
    assert opened.status_code == 200 and b_only["reference"] in text(opened)
    assert "Carte" in text(opened) or "identit" in text(opened).lower()  # the vault piece kept here


@pytest.mark.django_db
def test_a_commune_agent_cannot_widen_the_view_to_the_epci(demo: DemoTenants, b_only: dict[str, Any]) -> None:
    client, _agent = agent_client(demo["fouesnant"], "elargir@fouesnant.example")
    for response in (
        client.get("/admin/usagers/", {"q": "Bénodetois", "portee": "epci"}),
        client.post(f"/admin/usagers/{b_only['me'].pk}/", {"motif": "accueil", "portee": "epci"}),
    ):
        assert response.status_code == 403
        assert "réservée aux agents de l'EPCI" in _nothing_of_b(response, b_only)
    with tenant_context(demo["fouesnant"]):
        assert AuditEvent.objects.filter(action=lookups.REFUSED_360).count() == 2
