"""Reads of the incoming mailbox that change nothing."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import InboundMessage, MailboxSettings, Status


def mailbox_settings() -> MailboxSettings | None:
    """The schema's settings row, or None when never saved (nothing is created)."""
    return MailboxSettings.objects.order_by("pk").first()


def new_count() -> int:
    return InboundMessage.objects.filter(status=Status.NEW).count()


def items(status: str = "") -> QuerySet[InboundMessage]:
    found = InboundMessage.objects.select_related("handled_by")
    return found.filter(status=status) if status else found
