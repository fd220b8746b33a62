"""Per-collectivité settings of the national data connectors: each API needs its own
habilitation, so each tenant has its own token (R-DLNUF-3)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import crypto

DEFAULT_BASE_URL = "https://particulier.api.gouv.fr"


class ConnectorSettings(models.Model):
    """One row at most per schema (pk=1)."""

    api_particulier_enabled = models.BooleanField(_("API Particulier activée"), default=False)
    api_particulier_url = models.URLField(_("adresse du service"), max_length=200, default=DEFAULT_BASE_URL)
    # Encrypted (crypto.py); read and write it through `api_particulier_token`.
    api_particulier_token_encrypted = models.TextField(_("jeton d'accès (chiffré)"), blank=True)
    timeout_seconds = models.PositiveSmallIntegerField(_("délai d'attente (secondes)"), default=10)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("réglages des données nationales")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @property
    def api_particulier_token(self) -> str:
        return crypto.decrypt(self.api_particulier_token_encrypted)

    @api_particulier_token.setter
    def api_particulier_token(self, token: str) -> None:
        self.api_particulier_token_encrypted = crypto.encrypt(token)
