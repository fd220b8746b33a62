"""Models of guichet.inbox: the tenant's mailbox settings and the emails it received.

Both live in each tenant's schema (an EPCI or a commune has its own mailbox).
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_webhook_token() -> str:
    return secrets.token_urlsafe(32)


class TlsMode(models.TextChoices):
    NONE = "none", _("Aucun (connexion en clair)")
    STARTTLS = "starttls", _("STARTTLS")
    SSL = "ssl", _("SSL/TLS")


class MailboxSettings(models.Model):
    """The tenant's incoming mailbox: one row per schema (`MailboxSettings.current()`).

    The IMAP password is never shown again once saved: the form leaves it empty and an empty
    field keeps the stored one. It is stored encrypted (Fernet: AES-128-CBC + HMAC-SHA256)
    in `password_encrypted`, with a key derived from `GUICHET_INBOX_SECRET` (or, when that
    setting is absent, from `SECRET_KEY`): a database dump alone does not reveal it; changing
    the key means entering the password again (`crypto.decrypt` then returns "").
    """

    enabled = models.BooleanField(_("relève IMAP activée"), default=False)
    host = models.CharField(_("serveur IMAP"), max_length=255, blank=True)
    port = models.PositiveIntegerField(_("port"), default=993)
    tls_mode = models.CharField(_("chiffrement"), max_length=10, choices=TlsMode.choices, default=TlsMode.SSL)
    username = models.CharField(_("identifiant"), max_length=255, blank=True)
    password_encrypted = models.TextField(blank=True, editable=False)
    folder = models.CharField(_("dossier"), max_length=255, default="INBOX")
    webhook_enabled = models.BooleanField(_("réception par webhook activée"), default=False)
    webhook_token = models.CharField(max_length=64, default=new_webhook_token, editable=False)
    # What the last poll (or connection test) gave, shown on the settings page.
    last_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_ok = models.BooleanField(null=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    last_count = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("boîte de réception")

    def __str__(self) -> str:
        return f"{self.username}@{self.host}" if self.host else str(_("Boîte de réception"))

    @classmethod
    def current(cls) -> MailboxSettings:
        """The schema's row (created with defaults the first time)."""
        row = cls.objects.order_by("pk").first()
        return row if row is not None else cls.objects.create()

    @property
    def has_password(self) -> bool:
        return bool(self.password_encrypted)


class Status(models.TextChoices):
    NEW = "new", _("Non traité")
    CONVERTED = "converted", _("Transformé en demande")
    ANSWERED = "answered", _("Répondu")
    IGNORED = "ignored", _("Classé sans suite")


class InboundMessage(models.Model):
    """An email received by the tenant's mailbox: an "unsorted" item of the guichet unique.

    The email's HTML is never rendered: `body_text` is its text/plain part, or its HTML part
    turned into plain text. The raw message is kept as received (`eml_path`, private storage)
    and so are its attachments (`attachments`: [{"name", "type", "size", "path"}]).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The Message-ID header (angle brackets kept), or "<sha256.…@guichet.invalid>" of the raw
    # bytes when the header is missing or too long: the same email is stored once.
    message_id = models.CharField(max_length=500, unique=True)
    source = models.CharField(max_length=20)  # "imap" | "webhook"
    from_address = models.CharField(_("expéditeur"), max_length=254, blank=True)
    from_name = models.CharField(_("nom de l'expéditeur"), max_length=255, blank=True)
    to = models.TextField(_("destinataires"), blank=True)
    subject = models.CharField(_("objet"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("date d'envoi"), null=True, blank=True)
    received_at = models.DateTimeField(_("reçu le"), auto_now_add=True, db_index=True)
    body_text = models.TextField(_("texte"), blank=True)
    eml_path = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)
    attachments = models.JSONField(default=list, blank=True)
    parse_notes = models.TextField(blank=True)  # what could not be read in a malformed email
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    service_slug = models.CharField(max_length=255, blank=True)
    draft_url = models.CharField(max_length=500, blank=True)
    request_reference = models.CharField(_("référence de la demande"), max_length=40, blank=True)
    answer_text = models.TextField(_("réponse"), blank=True)
    ignore_reason = models.TextField(_("motif du classement"), blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("courriel reçu")
        verbose_name_plural = _("courriels reçus")

    def __str__(self) -> str:
        return self.subject or str(_("(sans objet)"))

    @property
    def sender_label(self) -> str:
        if self.from_name and self.from_address:
            return f"{self.from_name} <{self.from_address}>"
        return self.from_address or self.from_name or str(_("(expéditeur inconnu)"))
