"""Expiry warnings of the document vault (R-DLNUF-2), run in every tenant's schema."""

from __future__ import annotations

from typing import Any

from django.db import connection

from guichet.celery import app
from tenants import api as tenants_api

from . import services


@app.task(name="guichet.vault.tasks.warn_expiring_pieces")
def warn_expiring_pieces() -> dict[str, Any]:
    """Warn the citizens whose pieces of this schema expire soon (once per piece)."""
    return {"schema": getattr(connection, "schema_name", ""), "warned": services.warn_expiring()}


@app.task(name="guichet.vault.tasks.warn_expiring_pieces_everywhere")
def warn_expiring_pieces_everywhere() -> list[str]:
    """Fan out: one task per active tenant (never public, never the template)."""
    schemas = tenants_api.tenant_schemas()
    for schema in schemas:
        warn_expiring_pieces.apply_async(headers={"_schema_name": schema})
    return schemas
