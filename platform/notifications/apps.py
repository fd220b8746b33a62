from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "guichet.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import api, tasks  # noqa: F401 (registers the Celery tasks: the app autodiscovers guichet.ops only)

        api.register_event(
            "notifications.message",
            _("Message libre"),
            placeholders=("subject", "message"),
        )
