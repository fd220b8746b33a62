"""Reads of the connectors' settings (they change nothing)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django_tenants.utils import schema_context

from .models import DEFAULT_BASE_URL, ConnectorSettings

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class SettingsView:
    """A tenant's settings as the admin page shows them: the token only masked."""

    enabled: bool
    base_url: str
    token_mask: str  # "" when no token is stored
    timeout_seconds: int

    @property
    def has_token(self) -> bool:
        return bool(self.token_mask)


def mask(token: str) -> str:
    """'abcdef123456' → '••••••••3456' (never more than the last 4 characters, none if short)."""
    if not token:
        return ""
    return "•" * 8 + (token[-4:] if len(token) >= 12 else "")


def _row() -> ConnectorSettings | None:
    return ConnectorSettings.objects.filter(pk=1).first()


def current_settings() -> SettingsView:
    """The current schema's settings (defaults when nothing was saved)."""
    row = _row()
    if row is None:
        return SettingsView(enabled=False, base_url=DEFAULT_BASE_URL, token_mask="", timeout_seconds=10)
    return SettingsView(
        enabled=row.api_particulier_enabled,
        base_url=row.api_particulier_url,
        token_mask=mask(row.api_particulier_token),
        timeout_seconds=row.timeout_seconds,
    )


def api_particulier_row(schema_name: str) -> ConnectorSettings | None:
    """The enabled, usable settings of `schema_name`, or None."""
    with schema_context(schema_name):
        row = _row()
    if row is None or not row.api_particulier_enabled or not row.api_particulier_token:
        return None
    return row


def family_quotient_available(*, schema_name: str) -> bool:
    return api_particulier_row(schema_name) is not None


def http_allowed() -> bool:
    """Plain http (to this machine only) is for development and tests: GUICHET_CONNECTORS_ALLOW_HTTP,
    by default DEBUG."""
    return bool(getattr(settings, "GUICHET_CONNECTORS_ALLOW_HTTP", settings.DEBUG))


def url_problem(url: str) -> str:
    """Why `url` cannot be the service's address ("" when it can), in French."""
    from django.utils.translation import gettext as _

    parts = urlsplit(url or "")
    if parts.scheme == "https" and parts.hostname:
        return ""
    if parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS and http_allowed():
        return ""
    return _("L'adresse du service doit commencer par https://, par exemple https://particulier.api.gouv.fr.")
