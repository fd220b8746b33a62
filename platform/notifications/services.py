"""Writes of the admin screens: a tenant's wording of a message, its sender settings.

Each is one transaction with an audit row (sends themselves are not audited: the outbox
is their record).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from guichet.audit import api as audit

from .models import NotificationSettings, NotificationTemplate


def save_template(*, event: str, subject: str, body: str, sms_text: str, actor: Any = None) -> bool:
    """Store the override of `event`; all fields empty = back to the default texts.

    Returns True if an override remains. Markers must have been checked (forms.TemplateForm).
    """
    values = {"subject": subject.strip(), "body": body.strip(), "sms_text": sms_text.strip()}
    with transaction.atomic():
        if not any(values.values()):
            deleted, _ = NotificationTemplate.objects.filter(event=event).delete()
            if deleted:
                audit.record(
                    "notifications.template_reset", actor=actor, target_type="notification_template", target_id=event
                )
            return False
        NotificationTemplate.objects.update_or_create(event=event, defaults={**values, "updated_at": timezone.now()})
        audit.record(
            "notifications.template_changed",
            actor=actor,
            target_type="notification_template",
            target_id=event,
            data={field: bool(value) for field, value in values.items()},
        )
    return True


def save_settings(*, sender_name: str, reply_to: str, sms_daily_cap: int, actor: Any = None) -> None:
    with transaction.atomic():
        NotificationSettings.objects.update_or_create(
            pk=1,
            defaults={
                "sender_name": sender_name.strip(),
                "reply_to": reply_to.strip(),
                "sms_daily_cap": sms_daily_cap,
                "updated_at": timezone.now(),
            },
        )
        audit.record(
            "notifications.settings_changed",
            actor=actor,
            target_type="notification_settings",
            target_id=1,
            data={"sender_name": sender_name.strip(), "reply_to": bool(reply_to), "sms_daily_cap": sms_daily_cap},
        )
