from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizensConfig(AppConfig):
    name = "guichet.citizens"
    label = "citizens"
    verbose_name = _("Usagers")
    default_auto_field = "django.db.models.BigAutoField"
