from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The reply an agent sends to the sender of an incoming email ("Répondre").
EVENTS = [
    ("inbox.answer", _("Réponse à un courriel reçu"), ("subject", "body", "full_name", "received")),
]


class InboxConfig(AppConfig):
    name = "guichet.inbox"
    label = "inbox"
    verbose_name = _("Courriels reçus")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from guichet.notifications import api as notifications

        for code, label, placeholders in EVENTS:
            notifications.register_event(code, label, placeholders=placeholders)
