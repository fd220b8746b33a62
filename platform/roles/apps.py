from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolesConfig(AppConfig):
    name = "guichet.roles"
    label = "roles"
    verbose_name = _("Rôles")
    default_auto_field = "django.db.models.BigAutoField"
