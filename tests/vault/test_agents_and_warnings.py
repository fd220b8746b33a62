"""Agents check pieces of their own tenant only (audited); citizens are warned once before a
piece expires."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tenants.utils import tenant_context

from guichet.audit.models import AuditEvent
from guichet.notifications.models import OutboxMessage
from guichet.roles.api import Role
from guichet.vault import api, services, tasks
from guichet.vault.models import VaultPiece
from tests.casework.factories import PASSWORD, agent
from tests.conftest import DemoTenants, site_client
from tests.vault.helpers import PDF, citizen, piece

pytestmark = pytest.mark.django_db


def _agent_client(tenant: Any, email: str, role: str = Role.AGENT) -> tuple[Any, Any]:
    user = agent(tenant, email, role=role, first_name="Marie", last_name="Quéré")
    client = site_client(tenant)
    assert client.post("/compte/connexion/", {"username": email, "password": PASSWORD}).status_code == 302
    return client, user


def test_an_agent_lists_a_citizens_pieces_and_marks_one_checked(demo: DemoTenants) -> None:
    """R-DLNUF-2: a piece is optionally validated by an agent; the citizen sees it checked."""
    fouesnant = demo["fouesnant"]
    anne = citizen("anne@example.fr")
    stored = piece(fouesnant, anne, "identity", label="CNI")
    client, me = _agent_client(fouesnant, "agent.coffre@fouesnant.example")
    page = html.unescape(client.get(f"/admin/coffre/usager/{anne.pk}/").content.decode())
    assert "CNI" in page and "Pièce d'identité" in page and "Marquer « CNI » comme vérifiée" in page
    with tenant_context(fouesnant):
        assert AuditEvent.objects.filter(action="vault.pieces_read", target_id=str(anne.pk), actor_id=me.pk).exists()
    assert client.get(f"/admin/coffre/{stored.pk}/verifier/").status_code == 405  # POST only
    response = client.post(f"/admin/coffre/{stored.pk}/verifier/")
    assert response.status_code == 302 and response["Location"] == f"/admin/coffre/usager/{anne.pk}/"
    with tenant_context(fouesnant):
        checked = VaultPiece.objects.get(pk=stored.pk)
        assert checked.checked_by_id == me.pk and checked.checked_by_label == "Marie Quéré" and checked.checked_at
        assert AuditEvent.objects.filter(action="vault.piece_checked", target_id=str(stored.pk)).exists()
    file = client.get(f"/admin/coffre/{stored.pk}/fichier/")
    assert file.status_code == 200 and b"".join(file.streaming_content) == PDF
    # The citizen sees who checked it, on any site of the family.
    summaries = api.citizen_pieces(user_id=anne.pk, schemas=services.family_schemas(demo["pleuven"].schema_name))
    assert [(s.label, s.checked, s.tenant_name) for s in summaries] == [("CNI", True, "Fouesnant")]
    citizen_client = site_client(demo["pleuven"])
    citizen_client.post("/compte/connexion/", {"username": "anne@example.fr", "password": "un mot de passe solide"})
    assert "vérifiée par Fouesnant" in citizen_client.get("/mon-coffre/").content.decode()


def test_an_agent_of_benodet_cannot_list_open_or_check_fouesnants_pieces(demo: DemoTenants) -> None:
    """R-DLNUF-2 isolation: another tenant's piece ids in admin URLs are 404 and logged."""
    fouesnant, benodet = demo["fouesnant"], demo["benodet"]
    anne = citizen("anne@example.fr")
    hers = piece(fouesnant, anne, "identity", label="CNI Fouesnant")
    client, _me = _agent_client(benodet, "agent.coffre@benodet.example")
    # Anne has nothing kept at Bénodet: her page there is a 404 that shows neither her pieces nor
    # her name or email (the account table is global), and the attempt is logged.
    response = client.get(f"/admin/coffre/usager/{anne.pk}/")
    listing = response.content.decode()
    assert response.status_code == 404
    assert "CNI Fouesnant" not in listing and "anne@example.fr" not in listing
    with tenant_context(benodet):
        assert AuditEvent.objects.filter(action="vault.citizen_refused", target_id=str(anne.pk)).exists()
    assert client.post(f"/admin/coffre/{hers.pk}/verifier/").status_code == 404
    assert client.get(f"/admin/coffre/{hers.pk}/fichier/").status_code == 404
    with tenant_context(benodet):
        whys = set(AuditEvent.objects.filter(action="vault.refused_piece").values_list("data__why", flat=True))
    assert whys == {"check_not_here", "file_not_here"}
    with tenant_context(fouesnant):
        assert VaultPiece.objects.get(pk=hers.pk).checked_at is None
    # Someone who is not an agent of Fouesnant (an editor, a citizen) is refused there.
    editor, _user = _agent_client(fouesnant, "editeur@fouesnant.example", role=Role.EDITOR)
    assert editor.get(f"/admin/coffre/usager/{anne.pk}/").status_code == 403
    assert editor.post(f"/admin/coffre/{hers.pk}/verifier/").status_code == 403
    stranger = site_client(fouesnant)
    stranger.post("/compte/connexion/", {"username": "anne@example.fr", "password": "un mot de passe solide"})
    assert stranger.post(f"/admin/coffre/{hers.pk}/verifier/").status_code in (302, 403)
    with tenant_context(fouesnant):
        assert VaultPiece.objects.get(pk=hers.pk).checked_at is None
        assert not AuditEvent.objects.filter(action="vault.pieces_read").exists()


@override_settings(GUICHET_VAULT_WARNING_DAYS=30)
def test_a_citizen_is_warned_once_before_a_piece_expires(
    demo: DemoTenants, django_capture_on_commit_callbacks: Any
) -> None:
    """R-DLNUF-2: a warning before expiry, once per piece, in the piece's home tenant."""
    fouesnant = demo["fouesnant"]
    anne = citizen("anne@example.fr")
    today = timezone.localdate()
    soon = piece(fouesnant, anne, "address_proof", label="Facture EDF", valid_until=today + dt.timedelta(days=20))
    piece(fouesnant, anne, "tax_notice", valid_until=today + dt.timedelta(days=200))  # not yet
    piece(fouesnant, anne, "identity", valid_until=today - dt.timedelta(days=1))  # already expired
    with tenant_context(fouesnant):
        result = tasks.warn_expiring_pieces.apply().get()
        assert result == {"schema": fouesnant.schema_name, "warned": 1}
        assert tasks.warn_expiring_pieces.apply().get()["warned"] == 0  # once
        messages = list(OutboxMessage.objects.filter(event="vault.expiring"))
        assert len(messages) == 1 and messages[0].to == "anne@example.fr"
        assert messages[0].related == f"vault.piece:{soon.pk}"
        assert "Facture EDF" in messages[0].subject and "/mon-coffre/" in messages[0].body_text
        assert VaultPiece.objects.get(pk=soon.pk).warned_at is not None
    with tenant_context(demo["benodet"]):
        assert not OutboxMessage.objects.filter(event="vault.expiring").exists()


def test_the_fan_out_queues_one_task_per_tenant(demo: DemoTenants, monkeypatch: pytest.MonkeyPatch) -> None:
    queued: list[str] = []
    monkeypatch.setattr(
        tasks.warn_expiring_pieces, "apply_async", lambda **kw: queued.append(kw["headers"]["_schema_name"])
    )
    schemas = tasks.warn_expiring_pieces_everywhere()
    assert queued == schemas and demo.epci.schema_name in schemas and "public" not in schemas
