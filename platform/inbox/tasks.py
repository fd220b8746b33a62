"""The IMAP relève, run in every tenant's schema (beat: `poll_mailboxes_everywhere`, every
2 minutes)."""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

from django.db import connection

from guichet.celery import app
from tenants import api as tenants_api

from . import services

logger = logging.getLogger(__name__)


@app.task(name="guichet.inbox.tasks.poll_mailbox")
def poll_mailbox() -> dict[str, Any]:
    """Fetch the new emails of the mailbox of the schema the task carries (if enabled)."""
    schema = getattr(connection, "schema_name", "")
    try:
        result = services.poll()
    except Exception:  # a database or storage problem: logged, the next run tries again
        logger.exception("Mailbox poll failed in schema %s", schema)
        return {"schema": schema, "ran": True, "ok": False, "fetched": 0, "error": "internal"}
    return {"schema": schema, **asdict(result)}


@app.task(name="guichet.inbox.tasks.poll_mailboxes_everywhere")
def poll_mailboxes_everywhere() -> list[str]:
    """Fan out: one task per active tenant (never public, never the template)."""
    schemas = tenants_api.tenant_schemas()
    for schema in schemas:
        poll_mailbox.apply_async(headers={"_schema_name": schema})
    return schemas
