from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesCatalogConfig(AppConfig):
    """Service definitions, form builder and competence map (issue #4; no models yet)."""

    name = "services_catalog"
    verbose_name = _("Catalogue des démarches")
    default_auto_field = "django.db.models.BigAutoField"
