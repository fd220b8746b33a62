"""Building raw emails and configured mailboxes for the incoming-mailbox tests."""

from __future__ import annotations

import uuid
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from django.utils import timezone
from django_tenants.utils import tenant_context

from guichet.inbox import services
from tenants.models import Tenant
from tests.inbox.mail_servers import MailSystem


def raw_email(
    *,
    subject: str = "Demande d'acte de naissance",
    sender: str = "Maïwenn Le Goff <maiwenn.legoff@example.org>",
    to: str = "accueil@fouesnant.example",
    text: str | None = "Bonjour,\nje souhaite une copie de mon acte de naissance.\nMerci.",
    html: str | None = None,
    attachments: list[tuple[str, str, bytes]] = (),  # type: ignore[assignment]
    message_id: str | None = "",
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    if message_id is not None:
        message["Message-ID"] = message_id or make_msgid(idstring=uuid.uuid4().hex[:8], domain="example.org")
    if text is not None:
        message.set_content(text)
    if html is not None:
        if text is None:
            message.set_content(html, subtype="html")
        else:
            message.add_alternative(html, subtype="html")
    for name, content_type, content in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def configure_imap(tenant: Tenant, mail: MailSystem, *, password: str | None = None, actor: Any = None) -> None:
    with tenant_context(tenant):
        services.save_settings(
            actor=actor,
            enabled=True,
            host="127.0.0.1",
            port=mail.imap_port,
            tls_mode="none",
            username=mail.user,
            password=mail.password if password is None else password,
            folder="INBOX",
            webhook_enabled=False,
        )


def enable_webhook(tenant: Tenant) -> str:
    """Turn the tenant's webhook on; its token."""
    with tenant_context(tenant):
        row = services.save_settings(actor=None, webhook_enabled=True)
        return row.webhook_token
