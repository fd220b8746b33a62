"""Fixtures of the notification tests.

Most tests run in the rolled-back `db` transaction. Those that need several connections
or processes (concurrent claims, a real worker) commit their rows: `committed_outbox`
unblocks the database outside any transaction and empties the outbox tables of the two
communes used here afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from tests.conftest import DemoTenants
from tests.mail_server import smtp_server  # noqa: F401

COMMUNES = ("fouesnant", "benodet")


def empty_outbox_tables(demo: DemoTenants) -> None:
    from guichet.notifications.models import NotificationSettings, NotificationTemplate, OutboxMessage, RecordedSms

    for slug in COMMUNES:
        with tenant_context(demo[slug]):
            for model in (OutboxMessage, RecordedSms, NotificationTemplate, NotificationSettings):
                model.objects.all().delete()
    connection.set_schema_to_public()


@pytest.fixture
def committed_outbox(demo: DemoTenants, django_db_blocker: Any) -> Iterator[DemoTenants]:
    """Autocommit database access (visible to other connections and processes); the
    communes' outbox tables are emptied after the test."""
    with django_db_blocker.unblock():
        try:
            yield demo
        finally:
            empty_outbox_tables(demo)
