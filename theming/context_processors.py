from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.safestring import mark_safe

from guichet.roles import api as roles_api

from .api import FIELDS, resolve, tokens_for_current_tenant
from .views import parent_schema

PREVIEW_PARAMETER = "apercu-theme"


def _preview_css(request: HttpRequest, tenant: Any) -> str | None:
    """Inline tokens for a theme preview, for the tenant's administrators only; never saved."""
    if not request.GET.get(PREVIEW_PARAMETER) or not roles_api.is_tenant_admin(request.user):
        return None
    from .services import clean_theme_values

    try:
        values = clean_theme_values({f: request.GET.get(f, "") for f in FIELDS})
    except ValidationError:
        return None
    # Validated hex colours and fixed choices only: safe inside <style>.
    return mark_safe(resolve(parent_schema=parent_schema(tenant), overrides=values).as_css())  # noqa: S308


def theme(request: HttpRequest) -> dict[str, Any]:
    """The version of the tenant's theme stylesheet (EPCI and commune sites only)."""
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.kind not in ("epci", "commune"):
        return {"theme_version": None}
    tokens = tokens_for_current_tenant(parent_schema_getter=lambda: parent_schema(tenant))
    return {
        "theme_version": tokens.version,
        "theme_logo_url": tokens.logo_url,
        "theme_favicon_url": tokens.favicon_url,
        "theme_preview_css": _preview_css(request, tenant),
    }
