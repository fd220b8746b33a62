"""The relève through a real Celery worker: the fan-out queues one task per tenant with its
schema, and the worker (another process, so on committed rows) stores the new email in that
tenant's schema only."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.storage import storages
from django.db import connection
from django_tenants.utils import tenant_context

from guichet.audit.models import AuditEvent
from guichet.inbox import tasks
from guichet.inbox.models import InboundMessage, MailboxSettings
from tests.conftest import DemoTenants
from tests.inbox.helpers import configure_imap, raw_email
from tests.inbox.mail_servers import MailSystem
from tests.workers import celery_worker


@pytest.mark.django_db
def test_a_tenant_without_a_mailbox_is_skipped(demo: DemoTenants) -> None:
    """Every tenant gets the task; one without settings (or disabled) connects to nothing.
    (Being a database test, it also sets the test database up before the worker test below.)"""
    with tenant_context(demo["saint-evarzec"]):
        assert tasks.poll_mailbox() == {
            "schema": demo["saint-evarzec"].schema_name,
            "ran": False,
            "ok": True,
            "fetched": 0,
            "error": "",
        }
        assert MailboxSettings.current().last_checked_at is None


def test_a_real_worker_polls_the_mailbox_in_the_tenants_schema(
    demo: DemoTenants, django_db_blocker: Any, mail_system: MailSystem
) -> None:
    import smtplib

    commune, other = demo["saint-evarzec"], demo["gouesnach"]
    raw = raw_email(subject="Relevé par le worker", message_id="<worker-test@example.org>")
    with django_db_blocker.unblock(), celery_worker() as worker:
        try:
            configure_imap(commune, mail_system)
            with smtplib.SMTP("127.0.0.1", mail_system.smtp_port, timeout=10) as smtp:
                smtp.sendmail("maiwenn.legoff@example.org", ["accueil@saint-evarzec.example"], raw)
            result = tasks.poll_mailbox.apply_async(headers={"_schema_name": commune.schema_name}, queue=worker.queue)
            outcome = result.get(timeout=60)
            assert outcome["schema"] == commune.schema_name and outcome["ok"] is True, outcome
            with tenant_context(commune):
                item = InboundMessage.objects.get(message_id="<worker-test@example.org>")
                assert item.subject == "Relevé par le worker"
                assert storages["private"].exists(item.eml_path)
            with tenant_context(other):
                assert not InboundMessage.objects.filter(message_id="<worker-test@example.org>").exists()
        finally:
            for tenant in (commune, other):
                with tenant_context(tenant):
                    for found in InboundMessage.objects.all():
                        storages["private"].delete(found.eml_path)
                    InboundMessage.objects.all().delete()
                    MailboxSettings.objects.all().delete()
                    AuditEvent.objects.filter(action__startswith="inbox.").delete()
            connection.set_schema_to_public()
