"""Fixtures of the catalogue's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django_tenants.utils import schema_context

from tests.conftest import DemoTenants


@pytest.fixture
def no_leftover_drafts(demo: DemoTenants, db: None) -> Iterator[None]:
    """Drafts start empty in every demo tenant. Browser journeys commit the drafts they make
    through a real server; they are removed here inside the test's transaction, so rolled back
    with it."""
    from services_catalog.models import Draft

    for tenant in (demo.epci, *demo.communes.values()):
        with schema_context(tenant.schema_name):
            Draft.objects.all().delete()
    yield
