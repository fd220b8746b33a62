"""Writes of the theming app: change a tenant's theme, with the contrast guardrails."""

from __future__ import annotations

from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from guichet.audit import api as audit
from tenants import api as tenants_api

from . import tokens
from .api import FIELDS, FILE_FIELDS, forget_tokens
from .models import Corners, Font, HeaderStyle, Theme
from .uploads import MAX_BYTES, CleanImage, UploadError, clean_image, too_large_message


class TenantLike(Protocol):
    pk: Any
    schema_name: str
    kind: str


def _ratio(value: float, decimals: int = 2) -> str:
    """French decimal comma; the measured ratio is cut, never rounded up to the minimum."""
    factor = 10**decimals
    return f"{int(value * factor) / factor:.{decimals}f}".replace(".", ",")


def clean_theme_values(values: dict[str, str]) -> dict[str, str]:
    """Check every field; raise one ValidationError naming each refused field, in French."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    rules = {
        "primary_colour": (tokens.TEXT_MIN, "du texte blanc sur cette couleur et des liens de cette couleur"),
        "secondary_colour": (tokens.LARGE_TEXT_AND_UI_MIN, "des bordures, icônes et grands textes"),
    }
    for field, (minimum, usage) in rules.items():
        raw = (values.get(field) or "").strip()
        if not raw:
            cleaned[field] = ""
            continue
        try:
            colour = tokens.parse_colour(raw)
        except tokens.ColourError as exc:
            errors[field] = [str(exc)]
            continue
        ratio = tokens.contrast_ratio(colour, tokens.WHITE)
        if ratio < minimum:
            proposal = tokens.nearest_compliant(colour, minimum=minimum)
            errors[field] = [
                f"Contraste insuffisant : {colour} sur fond blanc donne {_ratio(ratio)}:1, il faut au moins "
                f"{_ratio(minimum, 1)}:1 pour {usage}. La teinte lisible la plus proche est {proposal}."
            ]
            continue
        cleaned[field] = colour
    for field, choices in (("header_style", HeaderStyle.values), ("corners", Corners.values), ("font", Font.values)):
        value = (values.get(field) or "").strip()
        if value and value not in choices:
            errors[field] = [f"Choix impossible : « {value} »."]
        cleaned[field] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_uploads(files: dict[str, Any]) -> dict[str, CleanImage]:
    """Check uploaded logo/favicon files; one ValidationError naming each refused file."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, CleanImage] = {}
    for field in FILE_FIELDS:
        upload = files.get(field)
        if upload is None:
            continue
        if upload.size is not None and upload.size > MAX_BYTES:
            errors[field] = [too_large_message(upload.size)]
            continue
        try:
            cleaned[field] = clean_image(upload.name or "", upload.read())
        except UploadError as exc:
            errors[field] = [str(exc)]
    if errors:
        raise ValidationError(errors)
    return cleaned


def update_theme(
    *,
    tenant: TenantLike,
    values: dict[str, Any],
    files: dict[str, Any] | None = None,
    actor: Any = None,
) -> Theme:
    """Save the tenant's theme (empty field = inherit). Refused values change nothing.

    `files` may hold uploaded `logo` / `favicon`; `values["remove_logo"]` / `["remove_favicon"]`
    drop the stored one (the site then inherits the EPCI's, if any).
    """
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    uploads: dict[str, CleanImage] = {}
    try:
        cleaned = clean_theme_values(values)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        uploads = clean_uploads(files or {})
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    with tenant_context(tenant), transaction.atomic():
        theme, _ = Theme.objects.select_for_update().get_or_create(pk=1)
        before = {f: getattr(theme, f) for f in FIELDS}
        for field in FIELDS:
            setattr(theme, field, cleaned[field])
        theme.version += 1
        for field in FILE_FIELDS:
            if field in uploads:
                image = uploads[field]
                getattr(theme, field).save(
                    f"{field}-{theme.version}.{image.extension}", ContentFile(image.content), save=False
                )
            elif values.get(f"remove_{field}"):
                setattr(theme, field, "")
        theme.updated_at = timezone.now()
        theme.save()
        audit.record(
            "theme.updated", actor=actor, target_type="theme", target_id=1, data={"before": before, "after": cleaned}
        )
        schemas = [tenant.schema_name]
        if tenant.kind == "epci":
            schemas += [member.schema_name for member in tenants_api.member_sites(tenant.pk)]
        transaction.on_commit(lambda: _forget(schemas))
    return theme


def _forget(schemas: list[str]) -> None:
    for schema in schemas:
        with schema_context(schema):
            forget_tokens()
