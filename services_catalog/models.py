"""Service definitions (démarches), their frozen form versions, and a commune's settings
for the services its EPCI shares.

A service lives in the schema of the authority that handles it: a commune's local
services in the commune's schema, shared services in the EPCI's schema (with the list of
member communes they apply to). Each publication freezes a `FormVersion`: the exact
questions and the legal settings a request will reference (issue #5).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index

from .blocks import FormBlock
from .schema import SchemaError, build_schema
from .validators import validate_french_phone


class Category(models.TextChoices):
    ETAT_CIVIL = "etat_civil", _("État civil")
    ENFANCE = "enfance", _("Enfance et scolarité")
    URBANISME = "urbanisme", _("Urbanisme et voirie")
    DECHETS = "dechets", _("Déchets et propreté")
    EAU = "eau", _("Eau et assainissement")
    SOCIAL = "social", _("Solidarité et social")
    ASSOCIATIONS = "associations", _("Associations")
    VIE_PRATIQUE = "vie_pratique", _("Vie pratique")


class Eligibility(models.TextChoices):
    ANYONE = "anyone", _("Tout le monde")
    SIGNED_IN = "signed_in", _("Personnes connectées à leur compte")
    FRANCECONNECT = "franceconnect", _("Personnes identifiées par FranceConnect")


class SilenceRule(models.TextChoices):
    ACCEPTANCE = "sva", _("Silence vaut acceptation")
    REJECTION = "svr", _("Silence vaut rejet")
    NONE = "none", _("Sans décision implicite")


class DelayUnit(models.TextChoices):
    DAYS = "days", _("jours")
    WEEKS = "weeks", _("semaines")
    MONTHS = "months", _("mois")


class Channel(models.TextChoices):
    WEB = "web", _("En ligne")
    COUNTER = "counter", _("Au guichet")
    PHONE = "phone", _("Par téléphone")
    POST = "post", _("Par courrier")
    EMAIL = "email", _("Par courriel")
    SOCIAL = "social", _("Par un réseau social")


# The settings a citizen's request relies on: frozen once the service has been published (R-SVA-2).
FROZEN_FIELDS = (
    "silence_rule",
    "silence_delay",
    "silence_delay_unit",
    "legal_basis",
    "restart_clock_on_any_correction",
)


class Service(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """A démarche offered online (and at the counter, by phone, post or email)."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("intitulé"), max_length=150)
    slug = models.SlugField(
        _("adresse courte"),
        max_length=80,
        unique=True,
        help_text=_("Utilisée dans l'adresse de la page : /demarches/<adresse courte>/"),
    )
    summary = models.CharField(_("résumé"), max_length=300)
    description = models.TextField(_("en quoi consiste cette démarche"), blank=True)
    category = models.CharField(_("catégorie"), max_length=20, choices=Category.choices)
    keywords = models.CharField(
        _("mots-clés"), max_length=300, blank=True, help_text=_("Séparés par des virgules ; aident la recherche.")
    )
    eligibility = models.CharField(
        _("qui peut faire la demande"), max_length=20, choices=Eligibility.choices, default=Eligibility.ANYONE
    )
    eligibility_details = models.TextField(_("précisions sur les demandeurs"), blank=True)
    documents_to_prepare = models.TextField(_("pièces à préparer"), blank=True, help_text=_("Une pièce par ligne."))
    fee_cents = models.PositiveIntegerField(
        _("coût (centimes d'euro)"), null=True, blank=True, help_text=_("Vide ou 0 : démarche gratuite.")
    )
    processing_time = models.CharField(_("délai de traitement annoncé"), max_length=120, blank=True)
    silence_rule = models.CharField(
        _("effet du silence de l'administration"), max_length=10, choices=SilenceRule.choices, default=SilenceRule.NONE
    )
    silence_delay = models.PositiveSmallIntegerField(
        _("délai de la décision implicite"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
    )
    silence_delay_unit = models.CharField(
        _("unité du délai"), max_length=10, choices=DelayUnit.choices, default=DelayUnit.MONTHS
    )
    legal_basis = models.CharField(_("fondement juridique"), max_length=300, blank=True)
    restart_clock_on_any_correction = models.BooleanField(
        _("toute correction fait repartir le délai"),
        default=False,
        help_text=_(
            "Sinon, seule une demande incomplète fait repartir le délai ; une autre correction le prolonge de sa durée."
        ),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("durée de conservation (mois)"), default=24, validators=[MinValueValidator(1), MaxValueValidator(1200)]
    )
    handling_service = models.CharField(_("service instructeur"), max_length=150)
    handling_address = models.TextField(_("adresse du service"), blank=True)
    handling_email = models.EmailField(_("courriel du service"), blank=True)
    handling_phone = models.CharField(
        _("téléphone du service"), max_length=30, blank=True, validators=[validate_french_phone]
    )
    channels = ArrayField(
        models.CharField(max_length=10, choices=Channel.choices),
        verbose_name=_("canaux"),
        default=list,
        blank=True,
    )
    # Shared services only (EPCI schema): the member communes it applies to.
    applies_to_all_communes = models.BooleanField(_("pour toutes les communes membres"), default=True)
    communes = ArrayField(
        models.CharField(max_length=5),
        verbose_name=_("communes concernées (codes INSEE)"),
        default=list,
        blank=True,
    )
    form = StreamField(FormBlock(), blank=True, verbose_name=_("formulaire"))

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("summary"),
        index.SearchField("keywords", boost=2),
        index.FilterField("category"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("démarche")
        verbose_name_plural = _("démarches")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.silence_rule != SilenceRule.NONE and not self.silence_delay:
            errors["silence_delay"] = _("Indiquez le délai au terme duquel le silence vaut décision.")
        if self.silence_rule != SilenceRule.NONE and not self.legal_basis:
            errors["legal_basis"] = _("Indiquez le texte qui fixe cette règle (par exemple : article L231-1 du CRPA).")
        if not self.handling_email and not self.handling_phone and not self.handling_address:
            errors["handling_email"] = _(
                "Donnez au moins un moyen de joindre le service : il figure sur l'accusé de réception."
            )
        try:
            build_schema(self.form, first_page_title=str(_("Votre demande")))
        except SchemaError as error:
            errors["form"] = error.messages
        frozen = self.frozen_settings()
        if frozen is not None:
            for name in FROZEN_FIELDS:
                if str(getattr(self, name) or "") != str(frozen.get(name) or ""):
                    errors[name] = _(
                        "Cette règle ne peut plus changer : la démarche a été publiée et des demandes s'y réfèrent. "
                        "Créez une nouvelle démarche si le droit a changé."
                    )
        if errors:
            raise ValidationError(errors)

    def legal_settings(self) -> dict[str, Any]:
        """What a version freezes besides the questions (the request and its acknowledgments use it)."""
        return {
            "title": self.title,
            "silence_rule": self.silence_rule,
            "silence_delay": self.silence_delay,
            "silence_delay_unit": self.silence_delay_unit,
            "legal_basis": self.legal_basis,
            "restart_clock_on_any_correction": self.restart_clock_on_any_correction,
            "retention_months": self.retention_months,
            "fee_cents": self.fee_cents,
            "eligibility": self.eligibility,
            "handling_service": self.handling_service,
            "handling_address": self.handling_address,
            "handling_email": self.handling_email,
            "handling_phone": self.handling_phone,
        }

    def frozen_settings(self) -> dict[str, Any] | None:
        """The legal settings of the first published version, or None if never published."""
        if self.pk is None:
            return None
        first = self.versions.order_by("number").values_list("settings", flat=True).first()
        return dict(first) if first is not None else None

    @property
    def is_free(self) -> bool:
        return not self.fee_cents

    def documents_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.documents_to_prepare.splitlines() if line.strip(" -•\t")]


class FormVersion(models.Model):
    """One published state of a service's form and legal settings. Never changed or deleted
    (a database trigger refuses it): a request keeps pointing at exactly what the citizen saw."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    schema = models.JSONField()
    settings = models.JSONField()
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "number"], name="formversion_unique_number")]
        ordering = ["service", "-number"]

    def __str__(self) -> str:
        return f"{self.service_id} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValidationError(_("Une version publiée d'un formulaire ne se modifie pas."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError(_("Une version publiée d'un formulaire ne se supprime pas."))


class SharedServiceSetting(models.Model):
    """A commune's choices for one of its EPCI's shared services (commune schema)."""

    service_key = models.UUIDField(unique=True)
    enabled = models.BooleanField(_("proposée sur le site de la commune"), default=True)
    local_title = models.CharField(_("intitulé local"), max_length=150, blank=True)
    local_summary = models.CharField(_("résumé local"), max_length=300, blank=True)
    local_contact = models.TextField(
        _("contact local"), blank=True, help_text=_("Par exemple : l'accueil de la mairie peut vous aider.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("réglage d'une démarche de l'EPCI")

    def __str__(self) -> str:
        return str(self.service_key)


class DraftStatus(models.TextChoices):
    ACTIVE = "active", _("En cours")
    SUBMITTED = "submitted", _("Envoyé")
    EXPIRED = "expired", _("Expiré")


class Draft(models.Model):
    """A form being filled, in the schema of the site where it is filled (cross-channel drafts).

    A signed-in citizen's draft belongs to their account (resumable on another device); an
    anonymous visitor's is tied to their session. Its resume code lets an agent of this
    commune open it at the counter; a draft started by an agent (assisted intake) keeps who
    recorded it, the channel and the original (scanned letter, email)."""

    service_key = models.UUIDField(db_index=True)
    service_slug = models.SlugField(max_length=80)
    service_title = models.CharField(max_length=150)
    # The FormVersion's id in the schema of the service (the EPCI's for a shared service).
    version_id = models.PositiveIntegerField()
    answers = models.JSONField(default=dict, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    session_key = models.CharField(max_length=40, blank=True)
    # 8 characters of RESUME_ALPHABET, stored without the dash (shown as ABCD-EFGH).
    code = models.CharField(max_length=8, unique=True)
    status = models.CharField(max_length=10, choices=DraftStatus.choices, default=DraftStatus.ACTIVE)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    warned_at = models.DateTimeField(null=True, blank=True)
    # Assisted intake (an agent records it for the citizen, the owner).
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=10, blank=True)
    original_path = models.CharField(max_length=300, blank=True)
    original_name = models.CharField(max_length=150, blank=True)
    original_type = models.CharField(max_length=100, blank=True)
    request_reference = models.CharField(max_length=24, blank=True)
    tracking_code = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["status", "expires_at"], name="catalogue_draft_expiry")]

    def __str__(self) -> str:
        return f"{self.service_slug} {self.display_code}"

    @property
    def display_code(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"

    @property
    def channel_label(self) -> str:
        return str(dict(Channel.choices).get(self.channel, self.channel))

    @property
    def is_active(self) -> bool:
        return self.status == DraftStatus.ACTIVE and self.expires_at > timezone.now()
