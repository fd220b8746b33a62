from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "guichet.inbox"
    label = "inbox"
    verbose_name = _("Courriels reçus")
    default_auto_field = "django.db.models.BigAutoField"
