"""Benchmark stand-in for TenantFromHostMiddleware: one fixed tenant, no host lookup.

The schema is read from BENCH_SCHEMA; the Tenant row is loaded on the first request and
kept for the life of the process. Everything else the real middleware does per request
(request id, /healthz, schema switch, Sentry tag, tenant URLconf) is done the same way,
so that the difference measured is the host → tenant resolution alone.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.db import connection as default_connection
from django.http import HttpRequest, HttpResponse
from django_tenants.postgresql_backend.base import DatabaseWrapper

from guichet.ops import observability
from guichet.ops.health import healthz
from tenants.models import Tenant

connection = cast(DatabaseWrapper, default_connection)


class FixedTenantMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.schema_name = os.environ["BENCH_SCHEMA"]
        self._tenant: Tenant | None = None

    def tenant(self) -> Tenant:
        if self._tenant is None:
            connection.set_schema_to_public()
            self._tenant = Tenant.objects.get(schema_name=self.schema_name)
        return self._tenant

    def __call__(self, request: HttpRequest) -> HttpResponse:
        observability.bind_request(request_id=request.headers.get("X-Request-Id") or uuid.uuid4().hex[:16])
        if request.path == "/healthz":
            return healthz(request)
        tenant = self.tenant()
        request.tenant = tenant  # type: ignore[attr-defined]
        connection.set_tenant(tenant)
        observability.bind_tenant(tenant.schema_name)
        request.urlconf = settings.ROOT_URLCONF
        return self.get_response(request)
