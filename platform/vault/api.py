"""What other apps (the form engine, the citizen's space, agents' pages) ask of the document vault.

Plain data only (never model instances). Pieces live in the citizen's home tenant; the
functions that read several schemas switch to each one themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from tenants import api as tenants_api

from . import services
from .models import PieceKind, VaultPiece
from .services import VaultError, family_schemas

__all__ = [
    "KINDS",
    "PieceSummary",
    "VaultError",
    "citizen_pieces",
    "copy_for_draft",
    "family_schemas",
    "keep_upload",
    "kind_label",
    "pieces_in_schema",
    "usable_pieces",
]

# (value, label) of the kinds of piece; labels are lazy translations.
KINDS: list[tuple[str, Any]] = list(PieceKind.choices)


def kind_label(kind: str) -> str:
    return str(dict(PieceKind.choices).get(kind, kind))


@dataclass(frozen=True)
class PieceSummary:
    schema: str
    id: int
    kind: str
    kind_label: str
    label: str
    valid_until: dt.date
    expired: bool
    checked: bool
    checked_at: dt.datetime | None
    tenant_name: str
    created_at: dt.datetime
    original_name: str = ""
    content_type: str = ""
    size: int = 0
    checked_by_label: str = ""


def _summaries(schema: str, pieces: QuerySet[VaultPiece], today: dt.date) -> list[PieceSummary]:
    info = tenants_api.tenant_for_schema(schema)
    name = info.name if info else schema
    return [
        PieceSummary(
            schema=schema,
            id=p.pk,
            kind=p.kind,
            kind_label=str(p.get_kind_display()),
            label=p.label or str(p.get_kind_display()),
            valid_until=p.valid_until,
            expired=p.valid_until < today,
            checked=p.checked_at is not None,
            checked_at=p.checked_at,
            tenant_name=name,
            created_at=p.created_at,
            original_name=p.original_name,
            content_type=p.content_type,
            size=p.size,
            checked_by_label=p.checked_by_label,
        )
        for p in pieces
    ]


def citizen_pieces(*, user_id: int, schemas: list[str]) -> list[PieceSummary]:
    """The citizen's pieces kept in each of `schemas` (unknown schemas are skipped)."""
    today = timezone.localdate()
    known = set(tenants_api.tenant_schemas(include_suspended=True))
    result: list[PieceSummary] = []
    for schema in dict.fromkeys(schemas):
        if schema not in known:
            continue
        with schema_context(schema):
            result += _summaries(schema, VaultPiece.objects.filter(owner_id=user_id), today)
    return result


def usable_pieces(*, user_id: int, kind: str, site_schema: str) -> list[PieceSummary]:
    """The citizen's valid pieces of `kind` across the site's EPCI family, this site's first."""
    pieces = citizen_pieces(user_id=user_id, schemas=family_schemas(site_schema))
    return [p for p in pieces if p.kind == kind and not p.expired]


def copy_for_draft(*, user_id: int, schema: str, piece_id: int, consent: bool) -> dict[str, Any]:
    """Copy a piece into the current schema's drafts; the file answer the form engine keeps.

    Raises VaultError (French message; `field == "consent"` when only the consent is missing)
    for another citizen's, another EPCI's, an unknown or an expired piece (audited).
    """
    return services.copy_for_draft(user_id=user_id, schema=schema, piece_id=piece_id, consent=consent)


def keep_upload(*, user_id: int, kind: str, upload: Any) -> PieceSummary:
    """Keep a file the citizen just sent with a form in their vault, in the current schema (the
    site they are on becomes the piece's home). Raises VaultError (French message)."""
    owner = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if owner is None:
        raise VaultError(_("Connectez-vous pour garder ce fichier dans votre coffre-fort."))
    stored = services.add_piece(owner=owner, kind=kind, upload=upload)
    schema = services.current_schema()
    return _summaries(schema, VaultPiece.objects.filter(pk=stored.pk), timezone.localdate())[0]


def pieces_in_schema(*, user_id: int) -> list[PieceSummary]:
    """The citizen's pieces kept in the current schema (the agent's 360° view)."""
    schema = services.current_schema()
    return _summaries(schema, VaultPiece.objects.filter(owner_id=user_id), timezone.localdate())
