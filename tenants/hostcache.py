"""Cache of the host → tenant lookup done on every request.

Entries live in the public scope of the cache (keys built while the connection is on
the public schema, like every other key, by django-tenants' key function). They are
dropped when a domain or the tenant changes (tenants.services).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django_tenants.utils import schema_context

from .models import Tenant

_PREFIX = "tenants:host:"


def get(hostname: str) -> Tenant | None:
    with schema_context(settings.PUBLIC_SCHEMA_NAME):
        value = cache.get(_PREFIX + hostname)
    return value if isinstance(value, Tenant) else None


def put(hostname: str, tenant: Tenant) -> None:
    with schema_context(settings.PUBLIC_SCHEMA_NAME):
        cache.set(_PREFIX + hostname, tenant, settings.GUICHET_TENANT_CACHE_SECONDS)


def forget(hostnames: Iterable[str]) -> None:
    keys = [_PREFIX + h for h in hostnames]
    if keys:
        with schema_context(settings.PUBLIC_SCHEMA_NAME):
            cache.delete_many(keys)
