"""The notification outbox of a tenant, its message overrides and its sender settings.

Every row lives in the tenant's schema (the tables also exist, empty, in public): a commune never sees
another's messages, overrides or settings.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Courriel")
    SMS = "sms", _("SMS")


class Status(models.TextChoices):
    PENDING = "pending", _("En attente d'envoi")
    SENDING = "sending", _("Envoi en cours")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec définitif")
    SKIPPED = "skipped", _("Non envoyé : plafond quotidien de SMS atteint")


class OutboxMessage(models.Model):
    """One message to send, rendered when it was queued (its content is kept as proof)."""

    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    event = models.CharField(_("événement"), max_length=100)
    to = models.CharField(_("destinataire"), max_length=254)
    subject = models.CharField(_("objet"), max_length=255, blank=True)
    body_text = models.TextField(_("texte"))
    body_html = models.TextField(_("version HTML"), blank=True)
    from_header = models.CharField(_("expéditeur"), max_length=320, blank=True)
    reply_to = models.CharField(_("adresse de réponse"), max_length=254, blank=True)
    message_id = models.CharField(_("identifiant du message"), max_length=320, blank=True)
    # [{"filename": …, "storage_path": …, "content_type": …}], read from the private storage.
    attachments = models.JSONField(_("pièces jointes"), default=list, blank=True)
    related = models.CharField(_("objet lié"), max_length=200, blank=True, db_index=True)
    citizen_key = models.CharField(_("usager"), max_length=100, blank=True)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("tentatives"), default=0)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), default=timezone.now)
    lease_until = models.DateTimeField(_("réservé jusqu'à"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    provider_message_id = models.CharField(_("identifiant chez le prestataire"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("envoi")
        verbose_name_plural = _("envois")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notif_outbox_due"),
            models.Index(fields=["channel", "citizen_key", "created_at"], name="notif_outbox_citizen_day"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.event} #{self.pk}"


class NotificationTemplate(models.Model):
    """A tenant's own wording of an event's message: plain text with {{ marker }} placeholders.

    An empty field keeps the platform's default text for that part.
    """

    event = models.CharField(_("événement"), max_length=100, unique=True)
    subject = models.CharField(_("objet du courriel"), max_length=200, blank=True)
    body = models.TextField(_("texte du courriel"), blank=True)
    sms_text = models.TextField(_("texte du SMS"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("modèle de message")
        verbose_name_plural = _("modèles de messages")

    def __str__(self) -> str:
        return self.event


class NotificationSettings(models.Model):
    """One row at most (pk=1): who the tenant's messages come from."""

    sender_name = models.CharField(_("nom de l'expéditeur"), max_length=100, blank=True)
    reply_to = models.EmailField(_("adresse de réponse"), blank=True)
    sms_daily_cap = models.PositiveSmallIntegerField(_("SMS par usager et par jour"), default=3)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("expéditeur des messages")

    def __str__(self) -> str:
        return self.sender_name or "—"


class RecordedSms(models.Model):
    """What the fake SMS provider 'sent' (tests and the demo read it, from any process)."""

    to = models.CharField(max_length=40)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("SMS simulé")
        verbose_name_plural = _("SMS simulés")

    def __str__(self) -> str:
        return f"{self.to}: {self.text[:30]}"
