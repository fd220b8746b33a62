"""Shared fixtures.

The database is migrated once per session (public schema and the template), then the
demo EPCI and its 7 communes are provisioned once by cloning the template. Each test
runs in a transaction rolled back at its end (pytest-django's `db`), so a test may
provision, rename or suspend freely: nothing survives it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tenants.models import Tenant

DEMO_SIREN = "242900660"


@dataclass
class DemoTenants:
    epci: Tenant
    communes: dict[str, Tenant]

    def __getitem__(self, slug: str) -> Tenant:
        """A copy, so that a test mutating it (refresh_from_db after a rolled-back
        change) never leaks into the next test."""
        return copy.copy(self.communes[slug])


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    from tenants import services

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        services.ensure_operator_tenant(domain="localhost")
        services.provision_epci(siren=DEMO_SIREN)
        connection.set_schema_to_public()


@pytest.fixture(scope="session")
def demo(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> DemoTenants:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        epci = Tenant.objects.get(siren=DEMO_SIREN)
        communes = {t.slug: t for t in Tenant.objects.filter(parent=epci)}
    return DemoTenants(epci=epci, communes=communes)


@pytest.fixture
def fouesnant(demo: DemoTenants, db: None) -> Tenant:
    return demo["fouesnant"]


@pytest.fixture
def benodet(demo: DemoTenants, db: None) -> Tenant:
    return demo["benodet"]


@pytest.fixture(autouse=True)
def _french_first() -> Iterator[None]:
    """Each test starts in the site's language: a request served in English (language cookie,
    an admin user's preference) leaves its language active in this thread otherwise."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _back_to_public_schema() -> Iterator[None]:
    yield
    connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _forget_tenant_caches(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test's writes are rolled back; what it cached from them (theme tokens, menus and
    footers) must go too, in every demo tenant. Cache only: no database access here."""
    uses_db = request.node.get_closest_marker("django_db") or {"db", "demo"} & set(request.fixturenames)
    demo_tenants: DemoTenants | None = request.getfixturevalue("demo") if uses_db else None
    yield
    from tenants.api import forget_schema_infos

    forget_schema_infos()
    if demo_tenants is None:
        return
    from django_tenants.utils import schema_context

    from cms.context_processors import forget_site_chrome
    from services_catalog.services import forget_catalogue_here
    from theming.api import forget_tokens

    for tenant in [demo_tenants.epci, *demo_tenants.communes.values()]:
        with schema_context(tenant.schema_name):
            forget_tokens()
            forget_site_chrome()
            forget_catalogue_here()


class SiteClient(Client):
    """Test client bound to one host; puts the connection back on the public schema
    after each request, as the next real request would (the middleware sets it)."""

    def request(self, **request: object) -> object:  # type: ignore[override]
        try:
            return super().request(**request)
        finally:
            connection.set_schema_to_public()


def site_client(tenant_or_host: Tenant | str) -> SiteClient:
    """A test client whose requests carry the tenant's primary host."""
    host = tenant_or_host if isinstance(tenant_or_host, str) else tenant_or_host.get_primary_domain().domain
    return SiteClient(HTTP_HOST=host)
