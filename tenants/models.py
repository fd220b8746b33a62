"""Tenants (the EPCI and each member commune) and their domains. Public schema."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin


class TenantKind(models.TextChoices):
    OPERATOR = "operator", _("Opérateur de la plateforme")
    EPCI = "epci", _("EPCI")
    COMMUNE = "commune", _("Commune")


class TenantStatus(models.TextChoices):
    PROVISIONING = "provisioning", _("En cours de création")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspendue")


class Tenant(TenantMixin):
    kind = models.CharField(_("type"), max_length=16, choices=TenantKind.choices)
    name = models.CharField(_("nom officiel"), max_length=200)
    slug = models.SlugField(_("identifiant court"), max_length=63, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("EPCI de rattachement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    insee_code = models.CharField(_("code INSEE"), max_length=5, blank=True)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    epci_type = models.CharField(_("nature juridique"), max_length=8, blank=True)
    departement = models.CharField(_("département"), max_length=3, blank=True)
    postal_codes = models.JSONField(_("codes postaux"), default=list, blank=True)
    population = models.PositiveIntegerField(_("population"), default=0)
    status = models.CharField(
        _("statut"), max_length=16, choices=TenantStatus.choices, default=TenantStatus.PROVISIONING
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    # Short uppercase code used in references (e.g. FOU-2026-000123).
    reference_prefix = models.CharField(_("préfixe des références"), max_length=6, blank=True)

    # Schemas are created by tenants.services (clone of the template), never by save().
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = _("collectivité")
        verbose_name_plural = _("collectivités")
        ordering = ("kind", "name")
        constraints = [
            models.UniqueConstraint(fields=["insee_code"], condition=~Q(insee_code=""), name="tenants_unique_insee"),
            models.UniqueConstraint(fields=["siren"], condition=~Q(siren=""), name="tenants_unique_siren"),
            models.CheckConstraint(
                condition=Q(kind="commune") | Q(parent__isnull=True), name="tenants_only_communes_have_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == TenantStatus.ACTIVE


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("domaine")
        verbose_name_plural = _("domaines")
        constraints = [
            models.UniqueConstraint(fields=["tenant"], condition=Q(is_primary=True), name="tenants_one_primary_domain"),
        ]

    def __str__(self) -> str:
        return self.domain
