"""Home pages: what they show and what they cost (queries pinned, warm cache)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants.models import Tenant
from tests.conftest import DemoTenants, site_client


def _queries_for_second_view(host_tenant: Tenant) -> list[str]:
    client = site_client(host_tenant)
    assert client.get("/").status_code == 200  # warms the host and site-root caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.django_db
def test_commune_home_page_query_count_is_pinned(fouesnant: Tenant) -> None:
    sql = _queries_for_second_view(fouesnant)
    # search_path, site, content type (cleared by django-tenants on schema switch), page,
    # alias check, view restrictions, latest news and upcoming events (each filtered by
    # `.public()`: one restriction query each). Menu, footer and theme come from the cache;
    # no tenant lookup (cached); nothing per row.
    assert len(sql) == 10, "\n".join(sql)
    assert not any("tenants_" in q for q in sql)


@pytest.mark.django_db
def test_epci_home_page_lists_members_in_two_queries(demo: DemoTenants) -> None:
    sql = _queries_for_second_view(demo.epci)
    assert len(sql) == 12, "\n".join(sql)
    assert sum("tenants_" in q for q in sql) == 2  # members + their domains, not one per commune
