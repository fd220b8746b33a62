"""A file question may be answered with a piece of the citizen's document vault (R-DLNUF-2).

When the question has a `document_kind` and the visitor (`extras.user`) keeps valid pieces of
that kind on a site of this EPCI family, the step shows a radio group: one option per piece
(with its validity) or "Envoyer un nouveau fichier". Picking a piece needs no upload; a piece
kept by another collectivité needs the citizen's consent. The piece is copied into this
site's drafts by `vault.api.copy_for_draft`, once the rest of the page is valid. A forged
choice (another citizen's piece, another EPCI's, an expired one) is refused by the vault,
which writes the audit row; the step shows a French error on the question.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guichet.vault import api as vault_api

NEW = "nouveau"


@dataclass
class PickOption:
    value: str
    text: str
    elsewhere: bool = False


@dataclass
class VaultPick:
    """What the template draws for a file question that may take a vault piece."""

    choice_name: str
    consent_name: str  # "" when every offered piece is kept by this site
    keep_name: str = ""  # "Garder ce fichier dans mon coffre-fort" (with a new upload)
    options: list[PickOption] = field(default_factory=list)
    pending: tuple[str, int] | None = None  # (schema, piece id) to copy once the page is valid
    current: str = ""  # the option shown as chosen
    consent: Any = None  # the consent checkbox's bound field
    keep: Any = None  # the keep checkbox's bound field


def _token(schema: str, piece_id: int) -> str:
    return f"{schema}:{piece_id}"


def _parse(token: str) -> tuple[str, int] | None:
    schema, _sep, raw = token.partition(":")
    if not schema or not raw.isdigit() or len(schema) > 63:
        return None
    return schema, int(raw)


def _option_text(piece: vault_api.PieceSummary) -> str:
    text = _("%(label)s (%(kind)s), valide jusqu'au %(date)s") % {
        "label": piece.label,
        "kind": piece.kind_label,
        "date": date_format(piece.valid_until, "DATE_FORMAT"),
    }
    if piece.checked:
        text += " — " + _("vérifiée par %(name)s") % {"name": piece.tenant_name}
    return text + " — " + _("conservée par %(name)s") % {"name": piece.tenant_name}


def _user_id(form: Any) -> int | None:
    user = getattr(form.extras, "user", None) if form.extras is not None else None
    if user is None or not getattr(user, "is_authenticated", False) or not user.pk:
        return None
    return int(user.pk)


def add_fields(form: Any, item: dict[str, Any], key: str) -> VaultPick | None:
    """Add the picker's fields to the step form when the visitor has usable pieces."""
    kind = item.get("document_kind") or ""
    user_id = _user_id(form)
    if not kind or user_id is None:
        return None
    site = form.extras.schema_name
    pieces = [
        p
        for p in vault_api.usable_pieces(user_id=user_id, kind=kind, site_schema=site)
        if p.content_type in item.get("file_types", ["pdf", "jpeg", "png"])
    ]
    pick = VaultPick(choice_name=f"{key}__coffre", consent_name="", keep_name=f"{key}__garder")
    form.fields[pick.keep_name] = forms.BooleanField(label=_("Garder ce fichier dans mon coffre-fort"), required=False)
    pick.keep = form[pick.keep_name]
    if not pieces:
        return pick
    pick.options = [PickOption(_token(p.schema, p.id), _option_text(p), p.schema != site) for p in pieces]
    pick.options.append(PickOption(NEW, _("Envoyer un nouveau fichier")))
    form.fields[pick.choice_name] = forms.CharField(
        label=_("Utiliser une pièce de mon coffre-fort"), required=False, max_length=100
    )
    existing = form.answers.get(key) or {}
    vault = existing.get("vault") if isinstance(existing, dict) else None
    if vault:
        form.initial[pick.choice_name] = _token(vault["schema"], vault["id"])
    elif existing:
        form.initial[pick.choice_name] = NEW
    if any(o.elsewhere for o in pick.options):
        pick.consent_name = f"{key}__accord"
        form.fields[pick.consent_name] = forms.BooleanField(
            label=_("J'accepte qu'une copie de cette pièce soit jointe à ma demande"), required=False
        )
        pick.consent = form[pick.consent_name]
    pick.current = chosen(form, pick)
    return pick


def chosen(form: Any, pick: VaultPick) -> str:
    """The option the visitor chose ("" for none)."""
    if form.is_bound:
        return str(form.data.get(pick.choice_name, "") or "")
    return str(form.initial.get(pick.choice_name, "") or "")


def clean(form: Any, entry: Any, key: str) -> tuple[bool, Any]:
    """(handled, value): handled when the visitor picked a vault piece (value may be a
    placeholder until `copy_pending` runs, or None after an error)."""
    pick: VaultPick = entry.vault
    token = chosen(form, pick) if pick.options else ""
    if token in ("", NEW):
        return False, None
    existing = entry.existing_file or {}
    vault = existing.get("vault") if isinstance(existing, dict) else None
    if vault and token == _token(vault["schema"], vault["id"]):
        return True, existing  # already copied on an earlier visit of this page
    parsed = _parse(token)
    offered = {o.value for o in pick.options}
    if parsed is None or token not in offered:
        # Not offered: forged, another citizen's, another EPCI's, expired… the vault decides and
        # logs the attempt; it never copies a piece the visitor may not use.
        return True, _copy_now(form, entry, key, parsed)
    pick.pending = parsed
    return True, {"pending": token}


def _copy_now(form: Any, entry: Any, key: str, parsed: tuple[str, int] | None) -> Any:
    user_id = _user_id(form) or 0
    schema, piece_id = parsed or ("?", 0)
    try:
        answer = vault_api.copy_for_draft(
            user_id=user_id, schema=schema, piece_id=piece_id, consent=_consent(form, entry.vault)
        )
    except vault_api.VaultError as error:
        _add_error(form, entry.vault, key, error)
        return None
    if answer["type"] not in entry.item.get("file_types", []):
        form.add_error(key, _("Cette pièce n'a pas un format accepté pour cette question : envoyez un fichier."))
        return None
    return answer


def _consent(form: Any, pick: VaultPick) -> bool:
    return bool(pick.consent_name and form.cleaned_data.get(pick.consent_name))


def _add_error(form: Any, pick: VaultPick, key: str, error: Any) -> None:
    if error.field == "consent" and pick.consent_name:
        form.add_error(pick.consent_name, error.message)
    else:
        form.add_error(key, error.message)


def copy_pending(form: Any, result: dict[str, Any]) -> None:
    """Copy the chosen pieces once the page is otherwise valid (no copy is left behind by a
    page sent back with errors); keep the new uploads the citizen asked to keep."""
    _keep_uploads(form)
    pending = [entry for entry in form.items if getattr(entry, "vault", None) and entry.vault.pending]
    if not pending:
        return
    if form.errors:
        for entry in pending:
            result.pop(entry.item["key"], None)
        return
    for entry in pending:
        key = entry.item["key"]
        result[key] = _copy_now(form, entry, key, entry.vault.pending)
        if result[key] is None:
            result.pop(key)


def _keep_uploads(form: Any) -> None:
    if form.errors:
        return
    user_id = _user_id(form)
    for entry in form.items:
        pick = getattr(entry, "vault", None)
        key = entry.item.get("key", "")
        if pick is None or user_id is None or key not in form.uploads:
            continue
        if not form.cleaned_data.get(pick.keep_name):
            continue
        upload, _kind = form.uploads[key]
        try:
            vault_api.keep_upload(user_id=user_id, kind=entry.item["document_kind"], upload=upload)
        except vault_api.VaultError as error:
            form.add_error(pick.keep_name, error.message)
        finally:
            upload.seek(0)


def display_suffix(value: dict[str, Any]) -> str:
    """The mark after the file's name when it came from the vault: " (pièce du coffre-fort, vérifiée)"."""
    vault = value.get("vault")
    if not vault:
        return ""
    if vault.get("checked"):
        return " " + _("(pièce du coffre-fort, vérifiée)")
    return " " + _("(pièce du coffre-fort)")
