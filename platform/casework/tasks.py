"""The daily silence clock (R-SVA-4), run in every tenant's schema."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.db import connection

from guichet.celery import app
from tenants import api as tenants_api

from . import daily_clock as clock_job


@app.task(name="guichet.casework.tasks.daily_clock")
def daily_clock() -> dict[str, Any]:
    """Apply due implicit decisions and warn agents, in the schema the task carries."""
    report = clock_job.run_daily_clock()
    return {"schema": getattr(connection, "schema_name", ""), **asdict(report)}


@app.task(name="guichet.casework.tasks.daily_clock_everywhere")
def daily_clock_everywhere() -> list[str]:
    """Fan out: one task per active tenant (never public, never the template)."""
    schemas = tenants_api.tenant_schemas()
    for schema in schemas:
        daily_clock.apply_async(headers={"_schema_name": schema})
    return schemas
