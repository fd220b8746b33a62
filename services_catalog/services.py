"""Writes of the catalogue: publishing a form version, a commune's settings for a shared
service, the starter catalogue. One transaction each, an audit row, caches dropped on commit."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from guichet.audit import api as audit

from .models import FormVersion, Service, SharedServiceSetting
from .schema import build_schema

# Tenant-scoped keys (django-tenants' key function): "local" holds the schema's own live
# services, "shared" (in a commune's namespace) its EPCI's live shared services, "settings"
# the commune's choices about them.
SHARED_CACHE_KEY = "catalogue:shared"
LOCAL_CACHE_KEY = "catalogue:local"
SETTINGS_CACHE_KEY = "catalogue:settings"


def forget_catalogue() -> None:
    """Drop the cached catalogue of the current schema and, for an EPCI, of its members
    (they cache its shared services in their own namespace)."""
    from django_tenants.utils import schema_context

    from tenants import api as tenants_api

    forget_catalogue_here()
    for schema in tenants_api.member_schemas(str(getattr(connection, "schema_name", ""))):
        with schema_context(schema):
            forget_catalogue_here()


def _forget_on_commit() -> None:
    """Drop the caches once the transaction commits, in the schema of the write (the
    callback may run after the connection has moved on to another schema)."""
    from django_tenants.utils import schema_context

    schema = str(getattr(connection, "schema_name", ""))

    def forget() -> None:
        with schema_context(schema):
            forget_catalogue()

    transaction.on_commit(forget)


def forget_catalogue_here() -> None:
    """Drop the cached catalogue of the current schema only (no database access)."""
    cache.delete_many([SHARED_CACHE_KEY, LOCAL_CACHE_KEY, SETTINGS_CACHE_KEY])


def record_version(service: Service, *, actor: Any = None) -> FormVersion:
    """Freeze the service as published now. A new version only when something changed."""
    with transaction.atomic():
        Service.objects.select_for_update().filter(pk=service.pk).first()
        schema = build_schema(service.form, first_page_title=_("Votre demande"))
        settings = service.legal_settings()
        latest = service.versions.order_by("-number").first()
        if latest is not None and latest.schema == schema and latest.settings == settings:
            version = latest
        else:
            version = FormVersion.objects.create(
                service=service, number=(latest.number + 1) if latest else 1, schema=schema, settings=settings
            )
            audit.record(
                "service.version_published",
                actor=actor,
                target_type="service",
                target_id=service.pk,
                data={"slug": service.slug, "version": version.number},
            )
        _forget_on_commit()
    return version


def publish_service(service: Service, *, actor: Any = None) -> FormVersion:
    """Validate, save a revision and publish it (as the admin's "Publier" does)."""
    service.full_clean()
    with transaction.atomic():
        if service.pk is None:
            service.live = False
            service.save()
        revision = service.save_revision(user=actor)
        revision.publish(user=actor)  # the `published` signal records the version
    return service.versions.order_by("-number").first()  # type: ignore[return-value]


def save_shared_setting(
    *,
    service_key: str,
    enabled: bool,
    local_title: str = "",
    local_summary: str = "",
    local_contact: str = "",
    actor: Any = None,
) -> SharedServiceSetting:
    """A commune's choices for one of its EPCI's shared services (current schema = the commune)."""
    if getattr(connection, "tenant", None) is not None and connection.tenant.kind != "commune":  # type: ignore[attr-defined]
        raise ValidationError(_("Seule une commune règle les démarches que son EPCI partage."))
    with transaction.atomic():
        setting, _created = SharedServiceSetting.objects.update_or_create(
            service_key=service_key,
            defaults={
                "enabled": enabled,
                "local_title": local_title.strip(),
                "local_summary": local_summary.strip(),
                "local_contact": local_contact.strip(),
            },
        )
        audit.record(
            "service.shared_setting_changed",
            actor=actor,
            target_type="shared_service",
            target_id=service_key,
            data={"enabled": enabled, "local_title": setting.local_title},
        )
        _forget_on_commit()
    return setting


def seed_starter_catalogue(scope: str) -> list[str]:
    """Create and publish the starter services of `scope` ("commune" or "epci") in the
    current schema, skipping slugs that already exist. Returns the slugs created."""
    from django.db.models.signals import post_save
    from wagtail.search.backends import get_search_backend
    from wagtail.search.signal_handlers import post_save_signal_handler
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from .starter import starter_services

    created: list[Service] = []
    existing = set(Service.objects.values_list("slug", flat=True))
    # Provisioning speed: the starter services reference nothing (no reference index to
    # update) and are indexed for the admin's search in one pass at the end, instead of
    # once per save of each object and revision.
    post_save.disconnect(post_save_signal_handler, sender=Service)
    try:
        with disable_reference_index_auto_update(), transaction.atomic():
            for data in starter_services(scope):
                if data["slug"] in existing:
                    continue
                values = {k: v for k, v in data.items() if k not in ("scope", "form")}
                service = Service(**values)
                service.form = data["form"]  # type: ignore[assignment]
                publish_service(service)
                created.append(service)
            if created:
                get_search_backend().add_bulk(Service, created)
    finally:
        post_save.connect(post_save_signal_handler, sender=Service)
    return [s.slug for s in created]


def forget_catalogue_on_commit() -> None:
    _forget_on_commit()
