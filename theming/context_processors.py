from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .api import tokens_for_current_tenant
from .views import parent_schema


def theme(request: HttpRequest) -> dict[str, Any]:
    """The version of the tenant's theme stylesheet (EPCI and commune sites only)."""
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.kind not in ("epci", "commune"):
        return {"theme_version": None}
    tokens = tokens_for_current_tenant(parent_schema_getter=lambda: parent_schema(tenant))
    return {"theme_version": tokens.version, "theme_logo_url": tokens.logo_url, "theme_favicon_url": tokens.favicon_url}
