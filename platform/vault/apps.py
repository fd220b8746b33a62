from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VaultConfig(AppConfig):
    name = "guichet.vault"
    label = "vault"
    verbose_name = _("Coffre-fort de pièces")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from guichet.notifications import api as notifications

        notifications.register_event(
            "vault.expiring",
            _("Pièce du coffre-fort bientôt expirée"),
            placeholders=("full_name", "piece_label", "kind_label", "valid_until", "vault_url"),
        )
