"""The citizen's vault pages: add, list across the EPCI family, delete, download; validity
defaults; bad input; isolation between citizens and EPCIs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import tenant_context

from guichet.audit.models import AuditEvent
from guichet.vault import api, services
from guichet.vault.models import VaultPiece
from tests.conftest import DemoTenants, site_client
from tests.vault.helpers import PDF, PNG, citizen, piece, signed_in

pytestmark = pytest.mark.django_db


def test_a_citizen_adds_lists_downloads_and_deletes_a_piece(
    demo: DemoTenants, django_capture_on_commit_callbacks: Any
) -> None:
    """R-DLNUF-2: a signed-in citizen keeps a typed piece with a validity date, in private storage."""
    fouesnant = demo["fouesnant"]
    anne = citizen("anne@example.fr")
    client = signed_in(fouesnant, "anne@example.fr")
    assert "Votre coffre-fort est vide." in client.get("/mon-coffre/").content.decode()
    form = client.get("/mon-coffre/ajouter/").content.decode()
    assert 'for="id_kind"' in form and 'aria-describedby="fichier-aide"' in form
    response = client.post(
        "/mon-coffre/ajouter/",
        {"kind": "address_proof", "label": "Facture EDF", "fichier": SimpleUploadedFile("edf.pdf", PDF)},
    )
    assert response.status_code == 302 and response["Location"] == "/mon-coffre/"
    with tenant_context(fouesnant):
        stored = VaultPiece.objects.get()
        assert stored.owner_id == anne.pk and stored.kind == "address_proof" and stored.content_type == "pdf"
        assert stored.path.startswith(f"{fouesnant.schema_name}/coffre/") and stored.path.endswith(".pdf")
        assert storages["private"].open(stored.path).read() == PDF
        assert stored.valid_until > timezone.localdate()
        assert AuditEvent.objects.filter(action="vault.piece_added", target_id=str(stored.pk)).exists()
    page = client.get("/mon-coffre/").content.decode()
    assert (
        "Facture EDF" in page
        and "Justificatif de domicile" in page
        and "valide jusqu'au" in page.replace("&#x27;", "'")
    )
    assert "Fouesnant" in page and "pas encore vérifiée" in page
    download = client.get(f"/mon-coffre/{fouesnant.schema_name}/{stored.pk}/fichier/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Cache-Control"] == "private, no-store"
    confirm = client.get(f"/mon-coffre/{stored.pk}/supprimer/").content.decode()
    assert "Oui, supprimer la pièce" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        gone = client.post(f"/mon-coffre/{stored.pk}/supprimer/")
    assert gone.status_code == 302
    with tenant_context(fouesnant):
        assert not VaultPiece.objects.exists()
        assert not storages["private"].exists(stored.path)
        assert AuditEvent.objects.filter(action="vault.piece_deleted").exists()
    assert site_client(fouesnant).get("/mon-coffre/").status_code == 302  # anonymous: sign in first


def test_validity_defaults_per_kind() -> None:
    """R-DLNUF-2: a validity period per kind when the citizen leaves the date blank."""
    today = dt.date(2026, 11, 30)
    assert services.default_valid_until("address_proof", today) == dt.date(2027, 2, 28)
    assert services.default_valid_until("family_quotient", today) == dt.date(2027, 11, 30)
    assert services.default_valid_until("tax_notice", today) == dt.date(2027, 12, 31)
    assert services.default_valid_until("identity", today) == dt.date(2036, 11, 30)
    assert services.default_valid_until("other", dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)


def test_bad_files_and_dates_are_refused_in_french_and_nothing_is_kept(demo: DemoTenants) -> None:
    fouesnant = demo["fouesnant"]
    citizen("anne@example.fr")
    client = signed_in(fouesnant, "anne@example.fr")
    cases = [
        ({"kind": "identity", "fichier": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")}, "n'est pas un PDF"),
        (
            {"kind": "identity", "fichier": SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))},
            "taille maximale de 10 Mo",
        ),
        (
            {"kind": "passeport", "fichier": SimpleUploadedFile("a.png", PNG)},
            "Choisissez un type de pièce de la liste.",
        ),
        ({"kind": "identity"}, "Choisissez le fichier à garder."),
        (
            {"kind": "identity", "fichier": SimpleUploadedFile("a.png", PNG), "valid_until": "2001-01-01"},
            "La date de validité est déjà passée.",
        ),
        (
            {"kind": "identity", "fichier": SimpleUploadedFile("a.png", PNG), "valid_until": "31/02/2030"},
            "Saisissez une date valide",
        ),
    ]
    for data, message in cases:
        response = client.post("/mon-coffre/ajouter/", data)
        page = response.content.decode().replace("&#x27;", "'")
        assert response.status_code == 400 and message in page, (data, page[:3000])
        assert 'class="error-summary"' in page
    with tenant_context(fouesnant):
        assert not VaultPiece.objects.exists()


def test_pieces_of_the_whole_epci_family_are_listed_and_deleted_only_at_home(demo: DemoTenants) -> None:
    """R-DLNUF-2: pieces kept by the EPCI and other communes are listed; deleted on their own site."""
    anne = citizen("anne@example.fr")
    at_benodet = piece(demo["benodet"], anne, "tax_notice", label="Avis 2026")
    at_epci = piece(demo.epci, anne, "family_quotient", label="QF CAF")
    at_home = piece(demo["fouesnant"], anne, "identity", label="Carte d'identité")
    client = signed_in(demo["fouesnant"], "anne@example.fr")
    page = client.get("/mon-coffre/").content.decode()
    assert "Avis 2026" in page and "QF CAF" in page and "Carte d&#x27;identité" in page
    assert "À supprimer sur le site de Bénodet" in page
    assert f"/mon-coffre/{at_home.pk}/supprimer/" in page
    assert page.count("/supprimer/") == 1  # ids are per schema: only this site's piece has the link
    # Her Bénodet piece can be downloaded from Fouesnant's site, but not deleted there.
    download = client.get(f"/mon-coffre/{demo['benodet'].schema_name}/{at_benodet.pk}/fichier/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    # On Bénodet's site, the same piece has its delete link.
    there = signed_in(demo["benodet"], "anne@example.fr").get("/mon-coffre/").content.decode()
    assert there.count("/supprimer/") == 1 and "À supprimer sur le site de Fouesnant" in there
    with tenant_context(demo.epci):
        assert VaultPiece.objects.filter(pk=at_epci.pk, owner=anne).exists()
    summaries = api.citizen_pieces(user_id=anne.pk, schemas=services.family_schemas(demo["pleuven"].schema_name))
    assert {(p.schema, p.label) for p in summaries} == {
        (demo["benodet"].schema_name, "Avis 2026"),
        (demo.epci.schema_name, "QF CAF"),
        (demo["fouesnant"].schema_name, "Carte d'identité"),
    }


def test_another_citizens_piece_is_never_shown_downloaded_or_deleted(demo: DemoTenants) -> None:
    """R-DLNUF-2: a vault document of another citizen: refused, nothing revealed, attempt logged."""
    fouesnant = demo["fouesnant"]
    anne = citizen("anne@example.fr")
    hers = piece(fouesnant, anne, "identity", label="CNI Anne")
    citizen("yann@example.fr", "Yann")
    yann = signed_in(fouesnant, "yann@example.fr")
    assert "CNI Anne" not in yann.get("/mon-coffre/").content.decode()
    assert yann.get(f"/mon-coffre/{fouesnant.schema_name}/{hers.pk}/fichier/").status_code == 404
    assert yann.get(f"/mon-coffre/{hers.pk}/supprimer/").status_code == 404
    assert yann.post(f"/mon-coffre/{hers.pk}/supprimer/").status_code == 404
    assert yann.get(f"/mon-coffre/public/{hers.pk}/fichier/").status_code == 404
    with tenant_context(fouesnant):
        assert VaultPiece.objects.filter(pk=hers.pk).exists()
        whys = set(AuditEvent.objects.filter(action="vault.refused_piece").values_list("data__why", flat=True))
    assert {"download_not_owner", "delete_not_owner"} <= whys


def test_a_citizens_pieces_from_another_epci_are_never_listed_nor_downloaded(demo: DemoTenants) -> None:
    """R-DLNUF-2: the family is the site's EPCI and its members only (public schema, unknown schemas)."""
    anne = citizen("anne@example.fr")
    home = piece(demo["fouesnant"], anne, "identity")
    family = services.family_schemas(demo["benodet"].schema_name)
    assert family[0] == demo["benodet"].schema_name and demo.epci.schema_name in family
    assert "public" not in family and all(s in family for s in (demo["fouesnant"].schema_name,))
    # A schema outside the family (here: the operator's public schema, an unknown one) is skipped.
    assert api.citizen_pieces(user_id=anne.pk, schemas=["public", "autre_epci"]) == []
    client = signed_in(demo["benodet"], "anne@example.fr")
    assert client.get(f"/mon-coffre/public/{home.pk}/fichier/").status_code == 404
    assert client.get(f"/mon-coffre/autre_epci/{home.pk}/fichier/").status_code == 404
