"""Celery tasks of the outbox. Each runs in the schema its headers carry (tenant-schemas-celery)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection

from guichet.celery import app
from tenants import api as tenants_api

from . import sending


@app.task(name="guichet.notifications.tasks.deliver", acks_late=True, ignore_result=True)
def deliver(outbox_id: int, **_: Any) -> str:
    """Send one outbox row of the current schema (queued on the commit that wrote it)."""
    return sending.deliver_one(outbox_id, first_try=True)


@app.task(name="guichet.notifications.tasks.flush_outbox", acks_late=True, ignore_result=True)
def flush_outbox(**_: Any) -> dict[str, Any]:
    """Send what is due in the current schema: never queued, retries, rows of a dead worker."""
    return {"schema": getattr(connection, "schema_name", ""), "sent": sending.flush_due()}


@app.task(name="guichet.notifications.tasks.flush_outbox_everywhere", ignore_result=True)
def flush_outbox_everywhere() -> list[str]:
    """Fan out: one flush_outbox per active tenant schema (never public, never the template)."""
    schemas = tenants_api.tenant_schemas()
    queue = getattr(settings, "GUICHET_NOTIFICATIONS_QUEUE", None) or None
    for schema in schemas:
        flush_outbox.apply_async(headers={"_schema_name": schema}, queue=queue)
    return schemas
