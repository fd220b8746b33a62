"""Tenant resolution at the edge, once per request.

- `/healthz` is answered before any host check (probes use the pod's address).
- A host that Django refuses (malformed, not in ALLOWED_HOSTS) gets a 400.
- A well-formed host that no tenant owns gets a 404 page — never another tenant.
- A suspended tenant gets a 503 page.
The host → tenant lookup is cached (tenants.hostcache) and dropped on any change.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_tenant_domain_model

from tenants import hostcache
from tenants.models import Tenant, TenantStatus

from . import observability
from .health import healthz


class TenantFromHostMiddleware(TenantMainMiddleware):
    def get_tenant(self, domain_model: type, hostname: str) -> Tenant:
        cached = hostcache.get(hostname)
        if cached is not None:
            return cached
        tenant: Tenant = super().get_tenant(domain_model, hostname)
        hostcache.put(hostname, tenant)
        return tenant

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        observability.bind_request(request_id=request.headers.get("X-Request-Id") or uuid.uuid4().hex[:16])
        if request.path == "/healthz":
            return healthz(request)
        connection.set_schema_to_public()
        try:
            hostname = self.hostname_from_request(request)
        except DisallowedHost:
            return HttpResponseBadRequest("Requête invalide : en-tête Host refusé.", content_type="text/plain; charset=utf-8")
        domain_model = get_tenant_domain_model()
        try:
            tenant = self.get_tenant(domain_model, hostname)
        except domain_model.DoesNotExist:
            return render(request, "ops/unknown_host.html", {"hostname": hostname}, status=404)
        if tenant.status != TenantStatus.ACTIVE:
            return render(request, "ops/suspended.html", {"tenant_name": tenant.name}, status=503)
        tenant.domain_url = hostname
        request.tenant = tenant  # type: ignore[attr-defined]
        connection.set_tenant(tenant)
        observability.bind_tenant(tenant.schema_name)
        self.setup_url_routing(request)
        return None


class RequestContextMiddleware:
    """Echo the request id, so a log line can be found from a user's report."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["X-Request-Id"] = observability.current_request_id()
        return response
