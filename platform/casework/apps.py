from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Events the requests back end sends messages for, with the placeholders an administrator
# may use in the tenant's own wording (notifications' "Modèles de messages").
EVENTS = [
    ("casework.registered", _("Accusé d'enregistrement"), ("reference", "service_title", "full_name", "received")),
    ("casework.receipt", _("Accusé de réception"), ("reference", "service_title", "full_name", "tracking_url")),
    (
        "casework.correction",
        _("Demande de correction"),
        ("reference", "service_title", "full_name", "tracking_url", "reason", "message", "deadline"),
    ),
    ("casework.message", _("Message d'un agent"), ("reference", "service_title", "full_name", "tracking_url")),
    ("casework.decision", _("Décision"), ("reference", "service_title", "full_name", "tracking_url", "state_label")),
    (
        "casework.implicit_decision",
        _("Décision implicite"),
        ("reference", "service_title", "full_name", "tracking_url", "state_label", "due_on"),
    ),
    ("casework.citizen_replied", _("Réponse d'un usager (aux agents)"), ("reference", "service_title", "admin_url")),
    (
        "casework.deadline_warning",
        _("Décision implicite proche (aux agents)"),
        ("reference", "service_title", "admin_url", "due_on"),
    ),
]


class CaseworkConfig(AppConfig):
    name = "guichet.casework"
    label = "casework"
    verbose_name = _("Demandes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from guichet.notifications import api as notifications

        for code, label, placeholders in EVENTS:
            notifications.register_event(code, label, placeholders=placeholders)
