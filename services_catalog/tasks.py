"""Drafts' daily expiry, in every tenant: each owner is warned once, GUICHET_DRAFT_WARNING_DAYS
(default 7) before their draft expires; an expired draft (GUICHET_DRAFT_DAYS, default 30, after
its last change) loses its answers and files. A submitted draft's files go to the request at once.

Beat entry (daily): `services_catalog.tasks.expire_drafts_everywhere`."""

from __future__ import annotations

from typing import Any

from django.db import connection

from guichet.celery import app
from tenants import api as tenants_api

from . import services


@app.task(name="services_catalog.tasks.expire_drafts")
def expire_drafts() -> dict[str, Any]:
    """The current tenant's drafts (the schema comes with the task's headers)."""
    return {"schema": getattr(connection, "schema_name", ""), **services.expire_drafts()}


@app.task(name="services_catalog.tasks.expire_drafts_everywhere")
def expire_drafts_everywhere() -> list[str]:
    """Fan out: one task per active tenant, its schema in the headers."""
    schemas = tenants_api.tenant_schemas()
    for schema in schemas:
        expire_drafts.apply_async(headers={"_schema_name": schema})
    return schemas
