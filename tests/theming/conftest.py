from __future__ import annotations

from collections.abc import Iterator

import pytest
from django_tenants.utils import schema_context

from tests.conftest import DemoTenants
from theming.api import forget_tokens


@pytest.fixture(autouse=True)
def _forget_cached_tokens(demo: DemoTenants) -> Iterator[None]:
    """Theme changes are rolled back with each test; their cached tokens must go too."""
    yield
    for tenant in [demo.epci, *demo.communes.values()]:
        with schema_context(tenant.schema_name):
            forget_tokens()
