"""The form engine offers the citizen's vault pieces for a typed file question (R-DLNUF-2):
reuse without re-upload, never an expired piece, consent across communes, forged choices
refused and logged."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from guichet.audit.models import AuditEvent
from guichet.casework.models import Request
from guichet.vault.models import VaultPiece
from services_catalog.engine import display_value
from services_catalog.models import Service
from services_catalog.schema import build_schema
from services_catalog.services import publish_service
from tests.conftest import DemoTenants, site_client
from tests.vault.helpers import PDF, PNG, citizen, piece, signed_in

pytestmark = pytest.mark.django_db

SLUG = "justificatif-test"
STEP = f"/demarches/{SLUG}/formulaire/1/"
REVIEW = f"/demarches/{SLUG}/formulaire/verification/"
FORM: list[tuple[str, dict[str, Any]]] = [
    ("text", {"label": "Nom", "key": "nom"}),
    ("file", {"label": "Justificatif de domicile", "key": "justificatif", "document_kind": "address_proof"}),
]
IDENTITY = {
    "last_name": "Le Goff",
    "first_name": "Anne",
    "email": "anne@example.fr",
    "phone": "06 12 34 56 78",
    "postal_address": "3 route de Beg Meil\n29170 Fouesnant",
}


def _publish(demo: DemoTenants) -> None:
    """A service of the EPCI, offered on every commune's site, asking for a proof of address."""
    with tenant_context(demo.epci):
        service = Service(
            slug=SLUG,
            title="Justificatif (test)",
            summary="Une démarche qui demande un justificatif de domicile.",
            category="dechets",
            keywords="justificatif",
            handling_service="Service test",
            handling_email="test@example.fr",
            silence_rule="none",
        )
        service.form = FORM  # type: ignore[assignment]
        publish_service(service)


def _draft_answer(client: Any, tenant: Any) -> Any:
    """The file answer kept in the citizen's draft on this site (None if there is none)."""
    from services_catalog.models import Draft

    with tenant_context(tenant):
        for answers in Draft.objects.filter(service_slug=SLUG).values_list("answers", flat=True):
            if "justificatif" in answers:
                return answers["justificatif"]
    return None


def _submit(client: Any) -> Any:
    page = client.get(REVIEW).content.decode()
    match = re.search(r'name="submission_key" value="([0-9a-f-]{36})"', page)
    assert match, page[:3000]
    return client.post(REVIEW, {**IDENTITY, "submission_key": match.group(1)}), page


def test_the_schema_carries_the_document_kind() -> None:
    schema = build_schema(FORM, "Page 1")
    assert schema["pages"][0]["items"][1]["document_kind"] == "address_proof"
    assert "document_kind" not in build_schema([("file", {"label": "Photo"})], "P")["pages"][0]["items"][0]


def test_a_stored_piece_is_reused_in_a_new_request_without_re_upload(
    demo: DemoTenants, django_capture_on_commit_callbacks: Any
) -> None:
    """R-DLNUF-2: one click on a stored piece; the request gets a copy with the same bytes."""
    _publish(demo)
    fouesnant = demo["fouesnant"]
    anne = citizen("anne@example.fr")
    stored = piece(fouesnant, anne, "address_proof", label="Facture EDF", content=PDF)
    piece(fouesnant, anne, "identity", label="Ma carte")  # another kind: not offered here
    client = signed_in(fouesnant, "anne@example.fr")
    page = client.get(STEP).content.decode().replace("&#x27;", "'")
    token = f"{fouesnant.schema_name}:{stored.pk}"
    assert "Utiliser une pièce de mon coffre-fort" in page and "Envoyer un nouveau fichier" in page
    assert f'value="{token}"' in page and "Facture EDF (Justificatif de domicile), valide jusqu'au" in page
    assert "Ma carte" not in page
    assert "J'accepte qu'une copie" not in page  # kept by this site: no consent to ask
    response = client.post(STEP, {"nom": "Le Goff", "justificatif__coffre": token})
    assert response.status_code == 302, response.content.decode()[:3000]
    answer = _draft_answer(client, fouesnant)
    assert answer["vault"] == {
        "schema": fouesnant.schema_name,
        "id": stored.pk,
        "kind": "address_proof",
        "valid_until": stored.valid_until.isoformat(),
        "checked": False,
    }
    assert answer["path"].startswith(f"{fouesnant.schema_name}/brouillons/") and answer["type"] == "pdf"
    assert answer["name"] == "facture.pdf" and answer["size"] == len(PDF)
    # Coming back to the page keeps the choice without making another copy.
    again = client.get(STEP).content.decode()
    assert re.search(rf'value="{re.escape(token)}" checked', again)
    assert client.post(STEP, {"nom": "Le Goff", "justificatif__coffre": token}).status_code == 302
    assert _draft_answer(client, fouesnant)["path"] == answer["path"]
    with django_capture_on_commit_callbacks(execute=True):
        response, review = _submit(client)
    assert "facture.pdf (pièce du coffre-fort)" in review
    assert response.status_code == 302, response
    with tenant_context(demo.epci):
        request = Request.objects.get()
        copied = request.answers["justificatif"]
        assert copied["vault"]["id"] == stored.pk and copied["path"] != stored.path
        assert storages["private"].open(copied["path"]).read() == PDF
    with tenant_context(fouesnant):
        assert storages["private"].open(stored.path).read() == PDF  # the original stays in the vault
        assert AuditEvent.objects.filter(action="vault.piece_used", target_id=str(stored.pk)).exists()
    # The agent's request page says where the file came from.
    from tests.casework.factories import PASSWORD, agent

    agent(demo.epci, "agent.coffre@epci.example")
    back_office = site_client(demo.epci)
    back_office.post("/compte/connexion/", {"username": "agent.coffre@epci.example", "password": PASSWORD})
    assert "facture.pdf (pièce du coffre-fort)" in back_office.get(f"/admin/demandes/{request.pk}/").content.decode()


def test_an_expired_piece_is_never_offered_and_a_forged_choice_of_it_is_refused(demo: DemoTenants) -> None:
    """R-DLNUF-2: an expired piece is not offered; choosing it anyway is refused and logged."""
    _publish(demo)
    fouesnant = demo["fouesnant"]
    anne = citizen("anne@example.fr")
    old = piece(fouesnant, anne, "address_proof", label="Vieille facture", valid_until=dt.date(2020, 1, 31))
    client = signed_in(fouesnant, "anne@example.fr")
    page = client.get(STEP).content.decode()
    assert "Vieille facture" not in page and "Utiliser une pièce de mon coffre-fort" not in page
    # With one valid piece the picker shows, still without the expired one.
    piece(fouesnant, anne, "address_proof", label="Facture récente", content=PNG, name="f.png")
    page = client.get(STEP).content.decode()
    assert "Facture récente" in page and "Vieille facture" not in page
    response = client.post(STEP, {"nom": "Le Goff", "justificatif__coffre": f"{fouesnant.schema_name}:{old.pk}"})
    text = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 400 and "n'est plus valable depuis le 31 janvier 2020" in text
    assert _draft_answer(client, fouesnant) is None
    with tenant_context(fouesnant):
        assert AuditEvent.objects.filter(action="vault.refused_piece", data__why="expired").exists()


def test_a_piece_kept_by_another_commune_needs_consent(demo: DemoTenants) -> None:
    """R-DLNUF-2: sharing a piece with another tenant's request copies it with consent."""
    _publish(demo)
    anne = citizen("anne@example.fr")
    at_benodet = piece(demo["benodet"], anne, "address_proof", label="Facture à Bénodet")
    fouesnant = demo["fouesnant"]
    client = signed_in(fouesnant, "anne@example.fr")
    page = client.get(STEP).content.decode().replace("&#x27;", "'")
    assert "conservée par Bénodet" in page and "J'accepte qu'une copie de cette pièce soit jointe à ma demande" in page
    token = f"{demo['benodet'].schema_name}:{at_benodet.pk}"
    refused = client.post(STEP, {"nom": "Le Goff", "justificatif__coffre": token})
    assert refused.status_code == 400 and "cochez la case" in refused.content.decode()
    assert _draft_answer(client, fouesnant) is None
    ok = client.post(STEP, {"nom": "Le Goff", "justificatif__coffre": token, "justificatif__accord": "on"})
    assert ok.status_code == 302
    answer = _draft_answer(client, fouesnant)
    assert answer["vault"]["schema"] == demo["benodet"].schema_name
    assert answer["path"].startswith(f"{fouesnant.schema_name}/brouillons/")
    with tenant_context(fouesnant):
        assert storages["private"].open(answer["path"]).read() == PDF
    with tenant_context(demo["benodet"]):  # the home tenant knows its piece was shared
        assert AuditEvent.objects.filter(action="vault.piece_shared", target_id=str(at_benodet.pk)).exists()


def test_forged_piece_ids_are_refused_in_french_nothing_saved_and_logged(demo: DemoTenants) -> None:
    """R-DLNUF-2: a vault document of another citizen (or outside the EPCI) is refused, logged."""
    _publish(demo)
    fouesnant = demo["fouesnant"]
    yann = citizen("yann@example.fr", "Yann")
    his = piece(fouesnant, yann, "address_proof", label="Facture de Yann")
    anne = citizen("anne@example.fr")
    piece(fouesnant, anne, "address_proof", label="Ma facture")
    client = signed_in(fouesnant, "anne@example.fr")
    assert "Facture de Yann" not in client.get(STEP).content.decode()
    for token, why in [
        (f"{fouesnant.schema_name}:{his.pk}", "other_citizen"),
        (f"{fouesnant.schema_name}:99999", "unknown"),
        (f"public:{his.pk}", "other_family"),
        ("n'importe quoi", "other_family"),
    ]:
        response = client.post(STEP, {"nom": "Le Goff", "justificatif__coffre": token})
        text = response.content.decode()
        assert response.status_code == 400 and "pas disponible dans votre coffre-fort" in text, token
        assert "Facture de Yann" not in text
        assert _draft_answer(client, fouesnant) is None
        with tenant_context(fouesnant):
            assert AuditEvent.objects.filter(action="vault.refused_piece", data__why=why).exists(), why
    with tenant_context(fouesnant):
        assert not AuditEvent.objects.filter(action="vault.piece_used", actor_id=anne.pk).exists()  # no copy


def test_a_new_upload_still_works_next_to_the_picker(demo: DemoTenants) -> None:
    _publish(demo)
    fouesnant = demo["fouesnant"]
    anne = citizen("anne@example.fr")
    piece(fouesnant, anne, "address_proof")
    client = signed_in(fouesnant, "anne@example.fr")
    missing = client.post(STEP, {"nom": "Le Goff", "justificatif__coffre": "nouveau"})
    assert missing.status_code == 400 and "Ce champ est obligatoire." in missing.content.decode()
    response = client.post(
        STEP, {"nom": "Le Goff", "justificatif__coffre": "nouveau", "justificatif": SimpleUploadedFile("n.png", PNG)}
    )
    assert response.status_code == 302
    answer = _draft_answer(client, fouesnant)
    assert "vault" not in answer and answer["type"] == "png"


def test_display_marks_a_vault_file_and_its_check() -> None:
    item = {"type": "file", "label": "Justificatif"}
    plain: dict[str, Any] = {"name": "a.pdf", "path": "x", "size": 1, "type": "pdf"}
    assert display_value(item, plain) == "a.pdf"
    origin: dict[str, Any] = {"schema": "s", "id": 1, "kind": "identity", "valid_until": "2030-01-01"}
    unchecked = {**plain, "vault": {**origin, "checked": False}}
    assert display_value(item, unchecked) == "a.pdf (pièce du coffre-fort)"
    checked = {**plain, "vault": {**origin, "checked": True}}
    assert display_value(item, checked) == "a.pdf (pièce du coffre-fort, vérifiée)"


def test_a_new_upload_can_be_kept_in_the_vault(demo: DemoTenants) -> None:
    """R-DLNUF-2: a file sent with a form is kept for next time when the citizen asks."""
    _publish(demo)
    fouesnant = demo["fouesnant"]
    anne = citizen("anne@example.fr")
    client = signed_in(fouesnant, "anne@example.fr")
    page = client.get(STEP).content.decode()
    assert "Garder ce fichier dans mon coffre-fort" in page and "Utiliser une pièce" not in page
    response = client.post(
        STEP, {"nom": "Le Goff", "justificatif": SimpleUploadedFile("edf.pdf", PDF), "justificatif__garder": "on"}
    )
    assert response.status_code == 302
    answer = _draft_answer(client, fouesnant)
    with tenant_context(fouesnant):
        kept = VaultPiece.objects.get(owner=anne)
        assert kept.kind == "address_proof" and kept.original_name == "edf.pdf"
        assert storages["private"].open(kept.path).read() == PDF
        assert storages["private"].open(answer["path"]).read() == PDF  # the draft got its own copy
    # Next time, the picker offers it.
    assert f'value="{fouesnant.schema_name}:{kept.pk}"' in client.get(STEP).content.decode()
    # An anonymous visitor gets neither the picker nor the checkbox.
    assert "Garder ce fichier" not in site_client(fouesnant).get(STEP).content.decode()


def test_the_builders_file_question_offers_the_vault_kinds() -> None:
    """The no-code builder: "type de pièce (coffre-fort)" is optional and limited to the vault's kinds."""
    from django.core.exceptions import ValidationError

    from services_catalog.blocks import FileQuestion, FormBlock

    block = FileQuestion()
    assert [c[0] for c in block.child_blocks["document_kind"].field.choices if c[0]] == [
        "identity",
        "address_proof",
        "family_quotient",
        "tax_notice",
        "other",
    ]
    stream = FormBlock().to_python(
        [
            {"type": "file", "value": {"label": "Pièce d'identité", "document_kind": "identity"}},
            {"type": "file", "value": {"label": "Photo", "document_kind": ""}},
        ]
    )
    items = build_schema(stream, "Page")["pages"][0]["items"]
    assert items[0]["document_kind"] == "identity" and "document_kind" not in items[1]
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"label": "X", "file_types": ["pdf"], "document_kind": "passeport"}))
