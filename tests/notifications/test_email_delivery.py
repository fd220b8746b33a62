"""Emails through a real SMTP server: attachment and stable Message-ID, queuing on commit
(a broker outage is swallowed), SMTP outage → retries with backoff, concurrent senders, and a
real Celery worker killed mid-send (the message still arrives exactly once).

The tests on committed rows (`committed_outbox`) live in this module, next to `db` tests:
pytest-django only creates the test database when some collected test asks for it."""

from __future__ import annotations

import threading
import time
from contextlib import ExitStack
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context
from kombu.exceptions import OperationalError

from guichet.notifications import api, sending, tasks
from guichet.notifications.models import OutboxMessage
from tenants.models import Tenant
from tests.conftest import DemoTenants
from tests.mail_server import SmtpServer, smtp_settings
from tests.workers import celery_workers

EVENT = "notifications.message"
CONTEXT = {"subject": "Accusé d'enregistrement", "message": "Votre demande est enregistrée."}
PDF = b"%PDF-1.4\n% accuse de reception\n%%EOF\n"


def _queue(to: str = "nolwenn@example.fr", **kwargs: Any) -> int:
    return api.enqueue_email(event=EVENT, to=to, context=CONTEXT, **kwargs)


@pytest.mark.django_db
def test_an_email_reaches_a_real_smtp_server_with_its_attachment_and_message_id(
    fouesnant: Tenant, smtp_server: SmtpServer
) -> None:
    with tenant_context(fouesnant), smtp_settings(smtp_server):
        stored = storages["private"].save("casework/accuse.pdf", ContentFile(PDF))
        outbox_id = _queue(
            attachments=[api.Attachment(filename="accusé.pdf", storage_path=stored)], related="casework:request:7"
        )
        assert api.flush_due() == 1
        row = OutboxMessage.objects.get(pk=outbox_id)
        [delivery] = api.deliveries("casework:request:7")
    [message] = smtp_server.wait_for(1)
    assert message["Message-ID"] == row.message_id == f"<outbox.c_29058.{outbox_id}@guichet.localhost>"
    assert message["Subject"] == "Accusé d'enregistrement"
    assert message["To"] == "nolwenn@example.fr"
    assert message["From"] == f"{fouesnant.name} <ne-pas-repondre@guichet.localhost>"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.envelope_rcpt_tos == ["nolwenn@example.fr"]  # type: ignore[attr-defined]
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and "Votre demande est enregistrée." in text.get_content()
    assert html is not None and '<html lang="fr">' in html.get_content()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "accusé.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == PDF
    assert (delivery.status, delivery.status_label, delivery.attempts) == ("sent", "Envoyé", 1)
    assert delivery.sent_at is not None and delivery.event_label == "Message libre"


@pytest.mark.django_db
def test_an_attachment_missing_from_private_storage_is_refused_when_queuing(fouesnant: Tenant) -> None:
    with tenant_context(fouesnant), pytest.raises(ValueError, match="Attachment not found"):
        _queue(attachments=[api.Attachment(filename="x.pdf", storage_path="c_29058/casework/absent.pdf")])


@pytest.mark.django_db
def test_the_commit_queues_one_delivery_task_carrying_the_schema(
    fouesnant: Tenant, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[dict[str, Any]] = []
    monkeypatch.setattr(tasks.deliver, "apply_async", lambda **options: sent.append(options))
    with tenant_context(fouesnant), django_capture_on_commit_callbacks(execute=False) as callbacks:
        outbox_id = _queue()
    assert sent == []  # nothing before the commit
    for callback in callbacks:
        callback()
    [options] = sent
    assert options["kwargs"] == {"outbox_id": outbox_id}
    assert options["headers"] == {"_schema_name": "c_29058"}
    assert options["retry"] is False


@pytest.mark.django_db
def test_a_broker_outage_at_commit_is_not_raised_and_the_sweeper_sends_later(
    fouesnant: Tenant, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broker_down(**options: Any) -> None:
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.deliver, "apply_async", broker_down)
    with tenant_context(fouesnant):
        with django_capture_on_commit_callbacks(execute=True):
            outbox_id = _queue()  # the "request" goes on
        assert OutboxMessage.objects.get(pk=outbox_id).status == "pending"
        assert api.flush_due() == 1
    assert [m.to for m in mail.outbox] == [["nolwenn@example.fr"]]


@pytest.mark.django_db
def test_with_the_smtp_server_down_the_email_waits_with_backoff_and_is_sent_once_it_is_back(
    fouesnant: Tenant, smtp_server: SmtpServer
) -> None:
    smtp_server.stop()
    with tenant_context(fouesnant), smtp_settings(smtp_server):
        outbox_id = _queue()
        start = timezone.now()
        assert api.flush_due(now=start) == 0
        row = OutboxMessage.objects.get(pk=outbox_id)
        assert (row.status, row.attempts) == ("pending", 1)
        assert row.next_attempt_at == start + timedelta(seconds=30)
        assert "ConnectionRefusedError" in row.last_error
        assert api.flush_due(now=start + timedelta(seconds=10)) == 0  # not due yet: no new attempt
        assert api.flush_due(now=start + timedelta(seconds=31)) == 0  # second failure: 2 minutes
        row.refresh_from_db()
        assert (row.attempts, row.next_attempt_at) == (2, start + timedelta(seconds=31 + 120))

        smtp_server.start()
        assert api.flush_due(now=start + timedelta(minutes=3)) == 1
        assert api.flush_due(now=start + timedelta(hours=5)) == 0
        row.refresh_from_db()
        assert (row.status, row.attempts, row.last_error) == ("sent", 3, "")
    assert len(smtp_server.wait_for(1)) == 1


@pytest.mark.django_db
@override_settings(GUICHET_OUTBOX_MAX_ATTEMPTS=2)
def test_after_the_last_attempt_the_email_is_marked_failed_with_its_error(
    fouesnant: Tenant, smtp_server: SmtpServer
) -> None:
    smtp_server.stop()
    with tenant_context(fouesnant), smtp_settings(smtp_server):
        outbox_id = _queue()
        start = timezone.now()
        api.flush_due(now=start)
        api.flush_due(now=start + timedelta(minutes=1))
        api.flush_due(now=start + timedelta(days=1))
        delivery = api.delivery(outbox_id)
    assert delivery is not None
    assert (delivery.status, delivery.status_label, delivery.attempts) == ("failed", "Échec définitif", 2)
    assert "ConnectionRefusedError" in delivery.last_error


def test_backoff_grows_from_thirty_seconds_to_hours() -> None:
    assert [sending.backoff(n).total_seconds() for n in (1, 2, 3, 4, 5, 9)] == [30, 120, 600, 1800, 7200, 43200]


# --- several connections at once: committed rows -------------------------------------------


def _in_threads(count: int, work: Any) -> list[Any]:
    barrier = threading.Barrier(count)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(5)
            with schema_context("c_29058"):
                results.append(work())
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    return results


def test_two_workers_delivering_the_same_row_at_once_send_it_once(
    committed_outbox: DemoTenants, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tasks.deliver, "apply_async", lambda **options: None)  # no broker: we are the workers
    smtp_server.delay_rcpt_seconds = 0.3  # the winner is still sending while the other tries
    with smtp_settings(smtp_server):
        with tenant_context(committed_outbox["fouesnant"]):
            outbox_id = _queue()
        outcomes = _in_threads(2, lambda: sending.deliver_one(outbox_id, first_try=True))
        assert sorted(outcomes) == ["not-claimed", "sent"]
        with tenant_context(committed_outbox["fouesnant"]):
            assert api.flush_due(now=timezone.now() + timedelta(days=1)) == 0
    assert len(smtp_server.wait_for(1)) == 1
    assert len(smtp_server.messages) == 1


def test_two_sweepers_flushing_at_once_send_each_email_once(
    committed_outbox: DemoTenants, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tasks.deliver, "apply_async", lambda **options: None)
    with smtp_settings(smtp_server):
        with tenant_context(committed_outbox["fouesnant"]):
            ids = [_queue(to=f"usager{n}@example.fr") for n in range(6)]
        sent = _in_threads(3, api.flush_due)
    assert sum(sent) == 6
    messages = smtp_server.wait_for(6)
    assert len(messages) == 6
    assert sorted(m["Message-ID"] for m in messages) == sorted(
        f"<outbox.c_29058.{outbox_id}@guichet.localhost>" for outbox_id in ids
    )


# --- a real worker, killed -----------------------------------------------------------------

LEASE_SECONDS = 2


def _row(demo: DemoTenants, outbox_id: int) -> OutboxMessage:
    with tenant_context(demo["fouesnant"]):
        return OutboxMessage.objects.get(pk=outbox_id)


def _wait_for_status(demo: DemoTenants, outbox_id: int, status: str, timeout: float = 20) -> OutboxMessage:
    deadline = time.monotonic() + timeout
    while True:
        row = _row(demo, outbox_id)
        if row.status == status or time.monotonic() > deadline:
            return row
        time.sleep(0.1)


def test_a_worker_killed_mid_send_leaves_the_email_to_be_sent_exactly_once(
    committed_outbox: DemoTenants, smtp_server: SmtpServer
) -> None:
    """The second worker starts with the first (worker start-up is the slow part), on a queue
    of its own: it only acts when the sweeper is sent to it, after the first one is killed."""
    demo = committed_outbox
    smtp_server.delay_rcpt_seconds = 60  # the first worker hangs in the SMTP conversation
    with smtp_settings(smtp_server) as mail_env, ExitStack() as stack:
        env = {**mail_env, "GUICHET_OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS)}
        first, second = stack.enter_context(celery_workers(2, extra_env=env))
        with override_settings(GUICHET_NOTIFICATIONS_QUEUE=first.queue), tenant_context(demo["fouesnant"]):
            with transaction.atomic():  # committed: the task is queued on commit
                outbox_id = api.enqueue_email(
                    event="notifications.message",
                    to="nolwenn@example.fr",
                    context={"subject": "Accusé d'enregistrement", "message": "Votre demande est enregistrée."},
                )
        smtp_server.wait_for_rcpt(timeout=20)
        claimed = _row(demo, outbox_id)
        assert (claimed.status, claimed.attempts) == ("sending", 1)
        first.kill()
        smtp_server.delay_rcpt_seconds = 0
        assert smtp_server.messages == []  # the conversation died before DATA

        assert claimed.lease_until is not None
        time.sleep(max(0.0, (claimed.lease_until - timezone.now()).total_seconds()) + 0.1)
        with tenant_context(demo["fouesnant"]):
            tasks.flush_outbox.apply_async(queue=second.queue)  # what the beat does every minute
        [message] = smtp_server.wait_for(1, timeout=20)
        row = _wait_for_status(demo, outbox_id, "sent")
        # The sweeper again, and the original task if the broker ever redelivers it: no-ops.
        with tenant_context(demo["fouesnant"]):
            tasks.flush_outbox.apply_async(queue=second.queue)
            tasks.deliver.apply_async(kwargs={"outbox_id": outbox_id}, queue=second.queue)
        time.sleep(0.5)
    assert (row.status, row.attempts) == ("sent", 2)
    assert message["Message-ID"] == row.message_id
    assert len(smtp_server.messages) == 1
