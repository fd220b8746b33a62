"""One theme per schema. Empty fields inherit: a commune's from its EPCI's theme, the
EPCI's from the platform defaults (theming.api.DEFAULTS)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HeaderStyle(models.TextChoices):
    LIGHT = "light", _("Bandeau clair, filet de couleur")
    COLOURED = "coloured", _("Bandeau de la couleur principale")


class Corners(models.TextChoices):
    ROUNDED = "rounded", _("Arrondis")
    SQUARE = "square", _("Droits")


class Font(models.TextChoices):
    """Open fonts served by the platform itself (no third-party font CDN: it leaks visitors' IPs)."""

    SYSTEM = "system", _("Police du système (la plus rapide)")
    ATKINSON = "atkinson-hyperlegible", _("Atkinson Hyperlegible (conçue pour la basse vision)")
    SOURCE_SANS = "source-sans-3", _("Source Sans 3")


class Theme(models.Model):
    primary_colour = models.CharField(_("couleur principale"), max_length=7, blank=True)
    secondary_colour = models.CharField(_("couleur secondaire"), max_length=7, blank=True)
    header_style = models.CharField(_("style du bandeau"), max_length=10, choices=HeaderStyle.choices, blank=True)
    corners = models.CharField(_("coins"), max_length=10, choices=Corners.choices, blank=True)
    font = models.CharField(_("police"), max_length=30, choices=Font.choices, blank=True)
    logo = models.FileField(_("logo"), upload_to="theming/", blank=True)
    favicon = models.FileField(_("icône de l'onglet"), upload_to="theming/", blank=True)
    # Bumped by every change; part of the stylesheet URL, so browsers refetch it.
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("thème du site")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="theming_theme_singleton")]

    def __str__(self) -> str:
        return f"Thème v{self.version}"
