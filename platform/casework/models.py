"""Requests (demandes) and everything that happens to them, in the schema of the competent
authority: a commune's requests in its schema, a shared service's requests in the EPCI's
schema with the commune of origin.

Models hold invariants (constraints, predicates); every write goes through
`casework.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Déposée")
    IN_PROCESSING = "in_processing", _("En cours d'instruction")
    AWAITING_CITIZEN = "awaiting_citizen", _("En attente de compléments")
    ACCEPTED = "accepted", _("Acceptée")
    REJECTED = "rejected", _("Refusée")
    CLOSED = "closed", _("Classée sans suite")
    IMPLICITLY_ACCEPTED = "implicitly_accepted", _("Acceptée implicitement")
    IMPLICITLY_REJECTED = "implicitly_rejected", _("Rejetée implicitement")


OPEN_STATES = (State.SUBMITTED, State.IN_PROCESSING, State.AWAITING_CITIZEN)
FINAL_STATES = (
    State.ACCEPTED,
    State.REJECTED,
    State.CLOSED,
    State.IMPLICITLY_ACCEPTED,
    State.IMPLICITLY_REJECTED,
)


class IntakeChannel(models.TextChoices):
    WEB = "web", _("En ligne")
    COUNTER = "counter", _("Au guichet")
    PHONE = "phone", _("Par téléphone")
    POST = "post", _("Par courrier")
    EMAIL = "email", _("Par courriel")
    SOCIAL = "social", _("Par un réseau social")


# The channels an agent records a request through on a citizen's behalf (assisted intake).
ASSISTED_CHANNELS = (
    IntakeChannel.COUNTER,
    IntakeChannel.PHONE,
    IntakeChannel.POST,
    IntakeChannel.EMAIL,
    IntakeChannel.SOCIAL,
)


class Team(models.Model):
    """A group of agents requests can be assigned to (e.g. "Service urbanisme")."""

    name = models.CharField(_("nom"), max_length=100, unique=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("membres"))

    class Meta:
        verbose_name = _("équipe")
        verbose_name_plural = _("équipes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReferenceCounter(models.Model):
    """Last number given per year: references are FOU-2026-000123, without gaps nor repeats."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Request(models.Model):
    reference = models.CharField(_("référence"), max_length=24, unique=True)
    # Idempotency key of the submission form: a double click or a replayed form finds the
    # request it already created instead of creating another.
    submission_key = models.UUIDField(unique=True)
    # Unguessable code of the tracking link (/suivi/<code>/) for a citizen without an account.
    tracking_code = models.CharField(max_length=64, unique=True)

    # What was asked: the service and a frozen copy of the exact version the citizen filled.
    service_key = models.UUIDField(db_index=True)
    service_title = models.CharField(_("démarche"), max_length=150)
    service_slug = models.SlugField(max_length=80)
    form_version = models.ForeignKey("services_catalog.FormVersion", on_delete=models.PROTECT, related_name="+")
    form_schema = models.JSONField()
    service_settings = models.JSONField()
    answers = models.JSONField(default=dict)

    # Who asked (R-SVE-2); `citizen` is empty for an anonymous request.
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    email = models.EmailField(_("courriel"))
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    postal_address = models.TextField(_("adresse postale"))

    channel = models.CharField(_("canal"), max_length=10, choices=IntakeChannel.choices, default=IntakeChannel.WEB)
    # The agent who recorded it on the citizen's behalf (counter, phone, post, email, social network).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("enregistrée par"),
    )
    # The site it was made on: this tenant's own, or a member commune's for a shared service.
    origin_schema = models.CharField(max_length=63)
    origin_name = models.CharField(_("commune d'origine"), max_length=200)

    state = models.CharField(_("état"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    submitted_at = models.DateTimeField(_("déposée le"), default=timezone.now)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("agent"),
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("équipe"))

    # The silence clock (R-SVA-3): recomputed by the services at each correction and daily.
    silence_rule = models.CharField(max_length=10, default="none")
    decision_due_on = models.DateField(_("décision implicite le"), null=True, blank=True)
    warned_on = models.DateField(null=True, blank=True)

    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decision_reason = models.TextField(_("motif de la décision"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("demande")
        verbose_name_plural = _("demandes")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["state", "decision_due_on"], name="casework_req_state_due"),
            models.Index(fields=["citizen"], name="casework_req_citizen"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state__in=[s.value for s in FINAL_STATES]) | Q(decided_at__isnull=False),
                name="casework_final_has_decision_time",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES


class RequestFile(models.Model):
    """A file given by the citizen (an answer, a correction, a message) or an agent (a message)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="files")
    question_key = models.CharField(max_length=60, blank=True)
    message = models.ForeignKey("Message", null=True, blank=True, on_delete=models.CASCADE, related_name="files")
    correction = models.ForeignKey("Correction", null=True, blank=True, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=150)
    path = models.CharField(max_length=300)
    size = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=10)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return self.name


class DocumentKind(models.TextChoices):
    REGISTRATION = "registration", _("Accusé d'enregistrement")
    RECEIPT = "receipt", _("Accusé de réception")
    DECISION = "decision", _("Décision")
    ATTESTATION = "attestation", _("Attestation de décision implicite")


class Document(models.Model):
    """A document the administration issued (R-SVE-5: content and send time kept as proof)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    path = models.CharField(max_length=300, blank=True)
    content = models.JSONField(default=dict)  # every mention, as issued
    issued_at = models.DateTimeField(default=timezone.now)
    outbox_id = models.BigIntegerField(null=True, blank=True)  # the email that carried it

    class Meta:
        ordering = ["issued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind"],
                # A receipt may be issued again (an incomplete request: R-SVE-3 f); the others once.
                condition=Q(kind__in=["registration", "decision", "attestation"]),
                name="casework_one_document_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind}"


class CorrectionReason(models.TextChoices):
    INCOMPLETE = "incomplete", _("Pièce ou information manquante")
    INCORRECT = "incorrect", _("Pièce ou information incorrecte")
    OUTDATED = "outdated", _("Pièce périmée")


class Correction(models.Model):
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="corrections")
    reason = models.CharField(_("motif"), max_length=12, choices=CorrectionReason.choices)
    message = models.TextField(_("ce qui est demandé"))
    requested_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateField(_("à fournir avant le"))
    resolved_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True)
    requested_by_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            # At most one correction waits for the citizen at a time.
            models.UniqueConstraint(
                fields=["request"], condition=Q(resolved_at__isnull=True), name="casework_one_pending_correction"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.reason}"


class MessageDirection(models.TextChoices):
    TO_CITIZEN = "to_citizen", _("Envoyé à l'usager")
    FROM_CITIZEN = "from_citizen", _("Reçu de l'usager")


class Message(models.Model):
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=12, choices=MessageDirection.choices)
    body = models.TextField()
    author_id = models.BigIntegerField(null=True, blank=True)
    author_label = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.direction}"


class Note(models.Model):
    """Internal note: never shown to the citizen."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="notes")
    body = models.TextField()
    author_id = models.BigIntegerField(null=True, blank=True)
    author_label = models.CharField(max_length=200, blank=True)
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id} note"


class Event(models.Model):
    """The request's timeline: every transition, message, correction, document, assignment."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=40)
    at = models.DateTimeField(default=timezone.now)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_label = models.CharField(max_length=200, blank=True)
    text = models.CharField(max_length=300)
    public = models.BooleanField(default=True)  # shown on the citizen's page
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind}"
