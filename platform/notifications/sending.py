"""Delivery of outbox rows: claim with one conditional UPDATE, send, then mark.

A row is claimed when it is pending and due (or never tried), or when it is "sending"
with an expired lease (its worker died mid-send). Only one claimant's UPDATE matches,
so two workers never send the same row at the same time. A worker that dies after the
server accepted the message but before marking it leaves a duplicate possible after the
lease: the stable Message-ID lets the receiving side drop it.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta
from typing import Literal

from django.conf import settings
from django.core.files.storage import storages
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.utils import timezone

from . import sms
from .models import Channel, OutboxMessage, Status

logger = logging.getLogger(__name__)

# Seconds to wait after the n-th failed attempt (the last value repeats).
BACKOFF_SECONDS = (30, 120, 600, 1800, 7200, 21600, 43200)
BATCH = 200

Outcome = Literal["sent", "retry", "failed", "not-claimed"]


def lease_seconds() -> int:
    return int(getattr(settings, "GUICHET_OUTBOX_LEASE_SECONDS", 120))


def max_attempts() -> int:
    return int(getattr(settings, "GUICHET_OUTBOX_MAX_ATTEMPTS", 8))


def backoff(attempts: int) -> timedelta:
    """Delay before the next try, after `attempts` failed tries (1 → 30 s, 2 → 2 min…)."""
    index = min(max(attempts, 1), len(BACKOFF_SECONDS)) - 1
    return timedelta(seconds=BACKOFF_SECONDS[index])


def _due(now: datetime) -> Q:
    return Q(status=Status.PENDING, next_attempt_at__lte=now) | Q(status=Status.SENDING, lease_until__lte=now)


def claim(outbox_id: int, *, now: datetime, first_try: bool = False) -> OutboxMessage | None:
    """Take the row for this worker (status sending, with a lease) or return None."""
    condition = _due(now)
    if first_try:  # the task queued on commit: a row never tried is due, whatever the clocks say
        condition |= Q(status=Status.PENDING, attempts=0)
    claimed = OutboxMessage.objects.filter(condition, pk=outbox_id).update(
        status=Status.SENDING,
        lease_until=now + timedelta(seconds=lease_seconds()),
        attempts=F("attempts") + 1,
    )
    if claimed != 1:
        return None
    return OutboxMessage.objects.get(pk=outbox_id)


def _send_email(message: OutboxMessage) -> str:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=message.from_header or settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        reply_to=[message.reply_to] if message.reply_to else None,
        headers={"Message-ID": message.message_id, "Auto-Submitted": "auto-generated"},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    storage = storages["private"]
    for attachment in message.attachments:
        with storage.open(attachment["storage_path"], "rb") as handle:
            email.attach(attachment["filename"], handle.read(), attachment.get("content_type") or None)
    email.send(fail_silently=False)
    return ""


def _send(message: OutboxMessage) -> str:
    if message.channel == Channel.EMAIL:
        try:
            return _send_email(message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            if codes and all(500 <= code < 600 for code in codes):
                raise sms.PermanentDeliveryError(f"Adresse refusée par le serveur : {codes}") from None
            raise
    return sms.get_provider().send(message.to, message.body_text)


def deliver_one(outbox_id: int, *, now: datetime | None = None, first_try: bool = False) -> Outcome:
    """Claim, send and mark one row of the current schema."""
    now = now or timezone.now()
    message = claim(outbox_id, now=now, first_try=first_try)
    if message is None:
        return "not-claimed"
    try:
        provider_id = _send(message)
    except Exception as exc:
        return _failed(message, exc, now=now)
    OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
        status=Status.SENT,
        sent_at=timezone.now(),
        lease_until=None,
        last_error="",
        provider_message_id=provider_id[:100],
    )
    return "sent"


def _failed(message: OutboxMessage, exc: Exception, *, now: datetime) -> Outcome:
    error = f"{type(exc).__name__}: {exc}"[:500]
    final = isinstance(exc, sms.PermanentDeliveryError) or message.attempts >= max_attempts()
    logger.warning(
        "Outbox message %s (%s) failed on attempt %s%s: %s",  # no address nor text: personal data
        message.pk,
        message.event,
        message.attempts,
        " (final)" if final else "",
        type(exc).__name__,
    )
    OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
        status=Status.FAILED if final else Status.PENDING,
        next_attempt_at=now + backoff(message.attempts),
        lease_until=None,
        last_error=error,
    )
    return "failed" if final else "retry"


def flush_due(*, now: datetime | None = None) -> int:
    """Deliver every due row of the current schema; return how many were sent."""
    now = now or timezone.now()
    ids = list(
        OutboxMessage.objects.filter(_due(now)).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:BATCH]
    )
    return sum(1 for outbox_id in ids if deliver_one(outbox_id, now=now) == "sent")
