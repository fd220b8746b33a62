from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VaultConfig(AppConfig):
    name = "guichet.vault"
    label = "vault"
    verbose_name = _("Coffre-fort de pièces")
    default_auto_field = "django.db.models.BigAutoField"
