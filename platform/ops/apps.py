from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "guichet.ops"
    label = "ops"
    verbose_name = _("Exploitation")

    def ready(self) -> None:
        from . import observability

        observability.init_sentry()
        observability.connect_task_context()
