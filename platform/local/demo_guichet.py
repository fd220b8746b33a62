"""Guichet unique content for `make demo` (issue #6), made through each app's services like a
real user's actions. Run inside Django (`manage.py shell -c`), after `demo_setup` and
`demo_requests`; does nothing twice.

- API Particulier (the local fake server started by the demo) enabled for Fouesnant and Pleuven;
- a piece in the demo citizen's vault at Fouesnant (proof of address);
- an email waiting in Fouesnant's "Courriels reçus";
- a cantine draft of the demo citizen at Fouesnant, with its resume code printed (for
  `agent.fouesnant@guichet.localhost` to open at the counter).
"""

from __future__ import annotations

import io
import os
import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

CITIZEN = "usager@guichet.localhost"
FAKE_TOKEN_ENV = "GUICHET_DEMO_API_PARTICULIER_TOKEN"  # noqa: S105 (the name of a variable)


def _pdf(text: str) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 760, text)
    page.save()
    return buffer.getvalue()


def _schemas() -> dict[str, Any]:
    from tenants import api as tenants_api

    return {info.slug: info for info in tenants_api.hosted_tenants()}


def _connectors(sites: dict[str, Any], url: str) -> None:
    from guichet.connectors import api as connectors

    token = os.environ.get(FAKE_TOKEN_ENV, "")
    if not url or not token:
        return
    for slug in ("fouesnant", "pleuven"):
        if slug in sites:
            connectors.configure(
                schema_name=sites[slug].schema_name, enabled=True, base_url=url, token=token, timeout_seconds=5
            )


def _vault(sites: dict[str, Any], citizen: Any) -> None:
    from guichet.vault import services as vault
    from guichet.vault.models import VaultPiece

    with schema_context(sites["fouesnant"].schema_name):
        if VaultPiece.objects.filter(owner=citizen).exists():
            return
        upload = SimpleUploadedFile(
            "justificatif-domicile.pdf", _pdf("Facture d'électricité — 3 route de Beg Meil"), "application/pdf"
        )
        vault.add_piece(owner=citizen, kind="address_proof", upload=upload, label="Facture d'électricité")


EMAIL = b"""From: Yann Le Bihan <yann.lebihan@example.fr>
To: mairie@fouesnant.guichet.localhost
Subject: Demande d'attestation d'accueil pour ma soeur
Message-ID: <demo-guichet-0001@example.fr>
Date: Mon, 23 Nov 2026 09:12:00 +0100
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Bonjour,

Ma soeur vient de Dakar du 2 au 20 janvier et doit obtenir une attestation d'accueil.
Je peux passer en mairie jeudi. Quels documents dois-je apporter ?

Bien cordialement,
Yann Le Bihan
12 rue de Kerambigorn, 29170 Fouesnant
"""


def _inbox(sites: dict[str, Any]) -> None:
    from guichet.inbox import services as inbox

    with schema_context(sites["fouesnant"].schema_name):
        inbox.ingest(EMAIL, source="demo")


def _draft(sites: dict[str, Any], citizen: Any) -> str:
    from services_catalog import api as catalogue
    from services_catalog import services as catalogue_services
    from services_catalog.models import Draft
    from tenants.models import Tenant

    fouesnant = Tenant.objects.filter(schema_name=sites["fouesnant"].schema_name).first()
    if fouesnant is None:
        return ""
    with schema_context(fouesnant.schema_name):
        existing = Draft.objects.filter(owner=citizen, status="active").first()
        if existing is not None:
            return existing.code
        detail = catalogue.service_detail(fouesnant, "inscription-restauration-scolaire")
        if detail is None:
            return ""
        answers = {"nom": "Le Goff", "prenom": "Camille", "courriel": CITIZEN}
        draft = catalogue_services.create_draft(service=detail, owner=citizen, answers=answers)
        return draft.code


def seed(fake_api_url: str = "") -> None:
    sites = _schemas()
    if not {"fouesnant", "pleuven"} <= set(sites):
        return
    citizen = get_user_model().objects.filter(email=CITIZEN).first()
    _connectors(sites, fake_api_url)
    if citizen is None:
        return
    _vault(sites, citizen)
    _inbox(sites)
    code = _draft(sites, citizen)
    if code:
        sys.stdout.write(
            f"Brouillon « Inscription cantine » de {CITIZEN} à Fouesnant : code de reprise "
            f"{code[:4]}-{code[4:]} (à saisir dans l'administration de Fouesnant, Guichet unique).\n"
        )
