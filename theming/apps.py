from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemingConfig(AppConfig):
    """Per-tenant design tokens and guardrails (issue #3; no models yet)."""

    name = "theming"
    verbose_name = _("Thème du site")
    default_auto_field = "django.db.models.BigAutoField"
