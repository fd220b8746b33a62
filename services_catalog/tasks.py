"""Abandoned drafts: their uploaded files are deleted after GUICHET_DRAFT_FILES_DAYS, in every
tenant (a submitted draft's files are moved to the request at once)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.files.storage import storages
from django.db import connection
from django.utils import timezone

from guichet.celery import app
from tenants import api as tenants_api

DRAFTS_FOLDER = "brouillons"


def forget_old_draft_files(*, now: dt.datetime | None = None) -> list[str]:
    """Delete the current schema's draft uploads older than the retention; return their names."""
    days = int(getattr(settings, "GUICHET_DRAFT_FILES_DAYS", 30))
    limit = (now or timezone.now()) - dt.timedelta(days=days)
    storage = storages["private"]
    folder = f"{getattr(connection, 'schema_name', '')}/{DRAFTS_FOLDER}"
    if not storage.exists(folder):
        return []
    deleted = []
    for name in storage.listdir(folder)[1]:
        path = f"{folder}/{name}"
        if storage.get_modified_time(path) < limit:
            storage.delete(path)
            deleted.append(path)
    return deleted


@app.task(name="services_catalog.tasks.forget_old_drafts")
def forget_old_drafts() -> dict[str, Any]:
    return {"schema": getattr(connection, "schema_name", ""), "deleted": len(forget_old_draft_files())}


@app.task(name="services_catalog.tasks.forget_old_drafts_everywhere")
def forget_old_drafts_everywhere() -> list[str]:
    """Fan out: one task per active tenant, its schema in the headers."""
    schemas = tenants_api.tenant_schemas()
    for schema in schemas:
        forget_old_drafts.apply_async(headers={"_schema_name": schema})
    return schemas
