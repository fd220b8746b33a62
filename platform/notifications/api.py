"""Public interface of the notifications app: queue an email or an SMS in the caller's
transaction, read what became of it.

A message is rendered when it is queued (its content is kept in the outbox as proof),
written in the current tenant's schema, and handed to a Celery worker once the caller's
transaction commits. If the broker is unreachable then, nothing is raised: the sweeper
(`flush_outbox_everywhere`, every minute) sends it. Failures are retried with backoff.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.storage import storages
from django.db import connection, transaction
from django.utils import timezone

from . import events, rendering, sending
from .models import Channel, OutboxMessage, Status

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

logger = logging.getLogger(__name__)

__all__ = [
    "Attachment",
    "Delivery",
    "deliveries",
    "delivery",
    "enqueue_email",
    "enqueue_sms",
    "flush_due",
    "register_event",
]


@dataclass(frozen=True)
class Attachment:
    filename: str
    storage_path: str  # a name in storages["private"] (already tenant-prefixed)
    content_type: str = "application/pdf"


@dataclass(frozen=True)
class Delivery:
    id: int
    channel: str  # "email" | "sms"
    event: str
    event_label: str
    to: str
    subject: str
    status: str  # "pending" | "sending" | "sent" | "failed" | "skipped"
    status_label: str
    attempts: int
    created_at: datetime
    sent_at: datetime | None
    last_error: str


def register_event(code: str, label: str | _StrPromise, *, placeholders: Sequence[str] = ()) -> None:
    """Declare an event (call it from AppConfig.ready()). `placeholders` are the context keys
    a tenant's administrator may use as {{ markers }} in their own wording of the message.
    `label` may be a lazy translation (gettext_lazy): it is turned into text when shown."""
    events.register(code, label, placeholders)


def _schema() -> str:
    schema = getattr(connection, "schema_name", "")
    if not schema or schema in (settings.PUBLIC_SCHEMA_NAME, settings.GUICHET_TEMPLATE_SCHEMA):
        raise RuntimeError("Notifications are queued in a tenant's schema only.")
    return schema


def _check_event(event: str) -> None:
    if events.get(event) is None:
        raise ValueError(f"Unknown notification event {event!r}: register it with register_event() first.")


def _message_id(schema: str, outbox_id: int) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "guichet.localhost"
    return f"<outbox.{schema}.{outbox_id}@{domain}>"


def _queue_on_commit(outbox_id: int, schema: str) -> None:
    def queue() -> None:
        from .tasks import deliver

        try:
            deliver.apply_async(
                kwargs={"outbox_id": outbox_id},
                headers={"_schema_name": schema},
                queue=getattr(settings, "GUICHET_NOTIFICATIONS_QUEUE", None) or None,
                retry=False,
            )
        except Exception:  # the broker is down: the sweeper will send it
            logger.warning("Outbox message %s not queued (broker unavailable); the sweeper will send it", outbox_id)

    transaction.on_commit(queue, robust=True)


def enqueue_email(
    *,
    event: str,
    to: str,
    context: dict[str, Any],
    attachments: Sequence[Attachment] = (),
    related: str = "",
    reply_to: str = "",
) -> int:
    """Render the email now, write it in the current schema's outbox, send it after commit."""
    schema = _schema()
    _check_event(event)
    storage = storages["private"]
    for attachment in attachments:
        if not storage.exists(attachment.storage_path):
            raise ValueError(f"Attachment not found in private storage: {attachment.storage_path}")
    who = rendering.sender()
    rendered = rendering.render_email(event, context, base=rendering.base_context(sender_name=who.name))
    with transaction.atomic():
        message = OutboxMessage.objects.create(
            channel=Channel.EMAIL,
            event=event,
            to=to.strip(),
            subject=rendered.subject[:255],
            body_text=rendered.text,
            body_html=rendered.html,
            from_header=who.from_header,
            reply_to=reply_to or who.reply_to,
            attachments=[
                {"filename": a.filename, "storage_path": a.storage_path, "content_type": a.content_type}
                for a in attachments
            ],
            related=related,
        )
        message.message_id = _message_id(schema, message.pk)
        message.save(update_fields=["message_id"])
    _queue_on_commit(message.pk, schema)
    return message.pk


def _start_of_day(now: datetime) -> datetime:
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def enqueue_sms(*, event: str, to: str, context: dict[str, Any], citizen_key: str, related: str = "") -> int:
    """Render the SMS now and queue it, unless the citizen reached today's cap (then the row
    is kept with status "skipped" and never sent)."""
    schema = _schema()
    _check_event(event)
    if not citizen_key:
        raise ValueError("citizen_key is required (the daily SMS cap is counted per citizen).")
    who = rendering.sender()
    text = rendering.render_sms(event, context, base=rendering.base_context(sender_name=who.name))
    now = timezone.now()
    with transaction.atomic():
        with connection.cursor() as cursor:  # one citizen's SMS are counted one at a time
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{schema}:sms:{citizen_key}"])
        sent_today = (
            OutboxMessage.objects.filter(
                channel=Channel.SMS, citizen_key=citizen_key, created_at__gte=_start_of_day(now)
            )
            .exclude(status=Status.SKIPPED)
            .count()
        )
        over_cap = sent_today >= who.sms_daily_cap
        message = OutboxMessage.objects.create(
            channel=Channel.SMS,
            event=event,
            to=to.strip(),
            body_text=text,
            related=related,
            citizen_key=citizen_key,
            created_at=now,
            status=Status.SKIPPED if over_cap else Status.PENDING,
            last_error="Plafond quotidien de SMS atteint pour cet usager." if over_cap else "",
        )
    if not over_cap:
        _queue_on_commit(message.pk, schema)
    return message.pk


def _as_delivery(message: OutboxMessage) -> Delivery:
    return Delivery(
        id=message.pk,
        channel=message.channel,
        event=message.event,
        event_label=events.label_of(message.event),
        to=message.to,
        subject=message.subject,
        status=message.status,
        status_label=str(Status(message.status).label),
        attempts=message.attempts,
        created_at=message.created_at,
        sent_at=message.sent_at,
        last_error=message.last_error,
    )


def deliveries(related: str) -> list[Delivery]:
    """Every outbox row of the current schema with that `related` key, oldest first."""
    return [_as_delivery(m) for m in OutboxMessage.objects.filter(related=related).order_by("created_at", "pk")]


def delivery(outbox_id: int) -> Delivery | None:
    message = OutboxMessage.objects.filter(pk=outbox_id).first()
    return _as_delivery(message) if message else None


def flush_due(*, now: datetime | None = None) -> int:
    """Deliver every due pending row of the current schema (sweeper, tests); return how many were sent."""
    return sending.flush_due(now=now)
