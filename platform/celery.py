"""Celery application. Tasks carry the schema they were queued in (tenant-schemas-celery)."""

from __future__ import annotations

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings.dev")

app = CeleryApp("guichet")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(
    [
        "guichet.ops",
        "guichet.casework",
        "guichet.notifications",
        "services_catalog",
        "guichet.vault",
        "guichet.connectors",
        "guichet.inbox",
        "guichet.citizens",
    ]
)
