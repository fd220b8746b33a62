"""Writes of the document vault (R-DLNUF-2), each in one transaction with its audit row.

Pieces live in the schema of the site where the citizen stored them (their home tenant);
files in that schema's private storage under `coffre/`. A piece is offered on every site of
the EPCI family (the EPCI and its member communes) and copied, with the citizen's consent,
into the schema of the request that uses it (`brouillons/`, like a plain upload).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from guichet.audit import api as audit
from guichet.notifications import api as notifications
from guichet.roles import api as roles_api
from tenants import api as tenants_api

from .models import PieceKind, PieceSource, VaultPiece

logger = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
EXTENSIONS = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}
MAGIC = [("pdf", b"%PDF-"), ("jpeg", b"\xff\xd8\xff"), ("png", b"\x89PNG\r\n\x1a\n")]
EXPIRING_EVENT = "vault.expiring"


class VaultError(Exception):
    """Refused: `message` says why in French; `field` is the form field it belongs to."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# --- Helpers -----------------------------------------------------------------------------


def current_schema() -> str:
    return str(getattr(connection, "schema_name", "") or "")


def family_schemas(site_schema: str) -> list[str]:
    """The site's schema first, then its EPCI and the EPCI's other active members."""
    info = tenants_api.tenant_for_schema(site_schema)
    if info is None:
        return []
    epci = info.parent_schema or (site_schema if info.kind == "epci" else "")
    if not epci:
        return [site_schema]
    active = set(tenants_api.tenant_schemas())
    family = [site_schema, epci, *sorted(tenants_api.member_schemas(epci))]
    seen: list[str] = []
    for schema in family:
        if schema not in seen and (schema == site_schema or schema in active):
            seen.append(schema)
    return seen


def default_valid_until(kind: str, today: dt.date | None = None) -> dt.date:
    """When a piece of this kind stops being accepted, if the citizen did not say."""
    today = today or timezone.localdate()
    if kind == PieceKind.ADDRESS_PROOF:
        return _add_months(today, 3)
    if kind == PieceKind.TAX_NOTICE:
        return dt.date(today.year + 1, 12, 31)
    if kind == PieceKind.IDENTITY:
        return _add_months(today, 12 * 10)
    return _add_months(today, 12)  # family quotient, other


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def sniff(head: bytes) -> str | None:
    for kind, magic in MAGIC:
        if head.startswith(magic):
            return kind
    return None


def check_file(upload: Any) -> str:
    """The piece's format ("pdf", "jpeg", "png") from its first bytes; VaultError otherwise."""
    size = getattr(upload, "size", None) or 0
    if size <= 0:
        raise VaultError(_("Le fichier est vide."), field="fichier")
    if size > MAX_BYTES:
        raise VaultError(
            _("Le fichier dépasse la taille maximale de %(mb)s Mo.") % {"mb": MAX_BYTES // (1024 * 1024)},
            field="fichier",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head)
    if kind is None:
        raise VaultError(
            _("Ce fichier n'est pas un PDF, une image JPEG ou une image PNG : choisissez un autre fichier."),
            field="fichier",
        )
    return kind


def _tenant_name(schema: str) -> str:
    info = tenants_api.tenant_for_schema(schema)
    return info.name if info else schema


# --- The citizen -----------------------------------------------------------------------------


def add_piece(
    *,
    owner: Any,
    kind: str,
    upload: Any,
    label: str = "",
    valid_until: dt.date | None = None,
    source: str = PieceSource.UPLOADED,
) -> VaultPiece:
    """Store a piece in the current schema's vault for `owner` (a signed-in citizen)."""
    if kind not in PieceKind.values:
        raise VaultError(_("Choisissez un type de pièce de la liste."), field="kind")
    file_type = check_file(upload)
    today = timezone.localdate()
    if valid_until is not None and valid_until < today:
        raise VaultError(_("La date de validité est déjà passée."), field="valid_until")
    storage = storages["private"]
    name = str(getattr(upload, "name", "") or "piece")[:150]
    with transaction.atomic():
        # A copy of the bytes: saving the upload itself may move its temporary file away, and a
        # form's upload is also stored as the request's answer.
        upload.seek(0)
        content = ContentFile(upload.read())
        upload.seek(0)
        path = storage.save(f"coffre/{uuid.uuid4().hex}.{EXTENSIONS[file_type]}", content)
        try:
            piece = VaultPiece.objects.create(
                owner=owner,
                kind=kind,
                label=(label or "").strip()[:150],
                path=path,
                original_name=name,
                size=int(upload.size),
                content_type=file_type,
                valid_until=valid_until or default_valid_until(kind, today),
                source=source,
            )
            audit.record(
                "vault.piece_added",
                actor=owner,
                target_type="vault.piece",
                target_id=piece.pk,
                data={"kind": kind, "size": piece.size, "source": source},
            )
        except Exception:
            storage.delete(path)
            raise
    return piece


def delete_piece(*, owner: Any, piece_id: int) -> None:
    """Delete one of `owner`'s pieces of the current schema (its file once committed)."""
    with transaction.atomic():
        piece = VaultPiece.objects.select_for_update().filter(pk=piece_id, owner=owner).first()
        if piece is None:
            raise VaultError(_("Cette pièce n'existe pas ou n'est pas dans le coffre-fort de ce site."))
        path = piece.path
        audit.record(
            "vault.piece_deleted",
            actor=owner,
            target_type="vault.piece",
            target_id=piece.pk,
            data={"kind": piece.kind},
        )
        piece.delete()
        schema = current_schema()

        def remove() -> None:
            with schema_context(schema):
                storages["private"].delete(path)

        transaction.on_commit(remove, robust=True)


# --- Agents ----------------------------------------------------------------------------------


def mark_checked(*, agent: Any, piece_id: int) -> VaultPiece:
    """An agent of the current tenant marks one of its pieces as checked (R-DLNUF-2)."""
    if not roles_api.is_tenant_agent(agent):
        audit.record(
            "vault.refused_check", actor=agent, target_type="vault.piece", target_id=piece_id, data={"why": "role"}
        )
        raise VaultError(_("Seuls les agents de cette collectivité peuvent vérifier ses pièces."))
    with transaction.atomic():
        piece = VaultPiece.objects.select_for_update().filter(pk=piece_id).first()
        if piece is None:
            raise VaultError(_("Cette pièce n'existe pas dans cette collectivité."))
        piece.checked_at = timezone.now()
        piece.checked_by_id = agent.pk
        piece.checked_by_label = (f"{agent.first_name} {agent.last_name}".strip() or agent.email)[:200]
        piece.save(update_fields=["checked_at", "checked_by_id", "checked_by_label"])
        audit.record(
            "vault.piece_checked",
            actor=agent,
            target_type="vault.piece",
            target_id=piece.pk,
            data={"owner_id": piece.owner_id, "kind": piece.kind},
        )
    return piece


def record_agent_read(*, agent: Any, user_id: int, count: int) -> None:
    """An agent listed a citizen's pieces in this tenant: audited read."""
    audit.record(
        "vault.pieces_read",
        actor=agent,
        target_type="citizen",
        target_id=user_id,
        data={"count": count},
    )


def record_citizen_refusal(*, agent: Any, user_id: int) -> None:
    """An agent asked for the pieces of a citizen who keeps none in this tenant (refused: the
    page would have shown a name from the global account table)."""
    audit.record(
        "vault.citizen_refused", actor=agent, target_type="citizen", target_id=user_id, data={"why": "no_piece_here"}
    )


def record_file_read(*, agent: Any, piece_id: int, owner_id: int) -> None:
    """An agent opened a piece's file: audited read."""
    audit.record(
        "vault.piece_file_read", actor=agent, target_type="vault.piece", target_id=piece_id, data={"owner_id": owner_id}
    )


def record_refusal(*, actor: Any, schema: str, piece_id: object, why: str) -> None:
    """A refused attempt on a piece (another citizen's, another tenant's, expired…)."""
    audit.record(
        "vault.refused_piece",
        actor=actor,
        target_type="vault.piece",
        target_id=piece_id,
        data={"schema": schema, "why": why, "site": current_schema()},
    )


# --- Use in a request ------------------------------------------------------------------------


def copy_for_draft(*, user_id: int, schema: str, piece_id: int, consent: bool) -> dict[str, Any]:
    """Copy one of the citizen's valid pieces into the current schema's drafts (R-DLNUF-2)."""
    here = current_schema()
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    refused = _(
        "Cette pièce n'est pas disponible dans votre coffre-fort : choisissez-en une autre ou envoyez un fichier."
    )
    if user is None or schema not in family_schemas(here):
        with transaction.atomic():
            record_refusal(actor=user, schema=schema, piece_id=piece_id, why="other_family")
        raise VaultError(refused)
    with schema_context(schema):
        piece = VaultPiece.objects.filter(pk=piece_id).first()
        if piece is None or piece.owner_id != user_id:
            content = None
        else:
            with storages["private"].open(piece.path) as handle:
                content = handle.read()
    if piece is None or content is None:
        with transaction.atomic():
            record_refusal(
                actor=user, schema=schema, piece_id=piece_id, why="unknown" if piece is None else "other_citizen"
            )
        raise VaultError(refused)
    if piece.valid_until < timezone.localdate():
        with transaction.atomic():
            record_refusal(actor=user, schema=schema, piece_id=piece_id, why="expired")
        raise VaultError(
            _("Cette pièce n'est plus valable depuis le %(date)s : envoyez un fichier à jour.")
            % {"date": date_format(piece.valid_until, "DATE_FORMAT")}
        )
    if schema != here and not consent:
        raise VaultError(
            _(
                "Cette pièce est conservée par une autre collectivité : cochez la case pour accepter qu'une copie "
                "soit jointe à votre demande."
            ),
            field="consent",
        )
    with transaction.atomic():
        path = storages["private"].save(
            f"brouillons/{uuid.uuid4().hex}.{EXTENSIONS[piece.content_type]}", ContentFile(content)
        )
        audit.record(
            "vault.piece_used",
            actor=user,
            target_type="vault.piece",
            target_id=piece.pk,
            data={"schema": schema, "kind": piece.kind, "path": path, "consent": bool(consent)},
        )
    if schema != here:
        with schema_context(schema), transaction.atomic():
            audit.record(
                "vault.piece_shared",
                actor=user,
                target_type="vault.piece",
                target_id=piece.pk,
                data={"with": here, "kind": piece.kind},
            )
    return {
        "name": piece.original_name,
        "path": path,
        "size": len(content),
        "type": piece.content_type,
        "vault": {
            "schema": schema,
            "id": piece.pk,
            "kind": piece.kind,
            "valid_until": piece.valid_until.isoformat(),
            "checked": piece.checked_at is not None,
        },
    }


# --- Expiry warnings -------------------------------------------------------------------------


def warning_days() -> int:
    return int(getattr(settings, "GUICHET_VAULT_WARNING_DAYS", 30))


def warn_expiring(*, today: dt.date | None = None) -> int:
    """Email each citizen whose piece of the current schema expires within the warning period,
    once per piece; return how many were warned."""
    today = today or timezone.localdate()
    limit = today + dt.timedelta(days=warning_days())
    schema = current_schema()
    site = tenants_api.tenant_for_schema(schema)
    due = list(
        VaultPiece.objects.filter(warned_at__isnull=True, valid_until__gte=today, valid_until__lte=limit)
        .select_related("owner")
        .values_list("pk", flat=True)
    )
    warned = 0
    for piece_id in due:
        with transaction.atomic():
            piece = (
                VaultPiece.objects.select_for_update(skip_locked=True)
                .select_related("owner")
                .filter(pk=piece_id, warned_at__isnull=True)
                .first()
            )
            if piece is None:
                continue
            owner = piece.owner
            piece.warned_at = timezone.now()
            piece.save(update_fields=["warned_at"])
            if not owner.email or not owner.is_active:
                continue
            notifications.enqueue_email(
                event=EXPIRING_EVENT,
                to=owner.email,
                context={
                    "full_name": (f"{owner.first_name} {owner.last_name}".strip() or owner.email),
                    "piece_label": piece.label or piece.get_kind_display(),
                    "kind_label": str(piece.get_kind_display()),
                    "valid_until": date_format(piece.valid_until, "DATE_FORMAT"),
                    "vault_url": f"{site.url.rstrip('/')}/mon-coffre/" if site and site.url else "/mon-coffre/",
                },
                related=f"vault.piece:{piece.pk}",
            )
            audit.record(
                "vault.expiry_warned",
                target_type="vault.piece",
                target_id=piece.pk,
                data={"valid_until": piece.valid_until.isoformat()},
            )
            warned += 1
    return warned
