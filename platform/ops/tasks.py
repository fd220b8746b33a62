"""Periodic maintenance, run in every tenant's schema (never public's nor the template's)."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from guichet.celery import app
from tenants import api as tenants_api


@app.task(name="guichet.ops.tasks.clear_expired_sessions")
def clear_expired_sessions() -> dict[str, Any]:
    """Delete the expired sessions of the schema the task carries (tenant-schemas-celery)."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return {"schema": getattr(connection, "schema_name", ""), "deleted": deleted}


@app.task(name="guichet.ops.tasks.clear_expired_sessions_everywhere")
def clear_expired_sessions_everywhere() -> list[str]:
    """Fan out: one task per active tenant, its schema in the headers (tenant-schemas-celery reads it there)."""
    schemas = tenants_api.tenant_schemas()
    for schema in schemas:
        clear_expired_sessions.apply_async(headers={"_schema_name": schema})
    return schemas
