from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesCatalogConfig(AppConfig):
    """Service definitions, the no-code form builder, the competence map, catalogue pages."""

    name = "services_catalog"
    verbose_name = _("Catalogue des démarches")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.signals import published, unpublished

        from guichet.notifications import api as notifications

        notifications.register_event(
            "drafts.expiring",
            _("Brouillon bientôt supprimé"),
            placeholders=("service_title", "expires_on", "resume_url", "code"),
        )

        from . import services
        from .models import Service

        def on_published(sender: type, instance: Service, revision: object = None, **kwargs: object) -> None:
            services.record_version(instance, actor=getattr(revision, "user", None))

        def on_unpublished(sender: type, instance: Service, **kwargs: object) -> None:
            services.forget_catalogue_on_commit()

        published.connect(on_published, sender=Service, dispatch_uid="catalogue-version", weak=False)
        unpublished.connect(on_unpublished, sender=Service, dispatch_uid="catalogue-unpublished", weak=False)
