from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConnectorsConfig(AppConfig):
    name = "guichet.connectors"
    label = "connectors"
    verbose_name = _("Données nationales")
    default_auto_field = "django.db.models.BigAutoField"
