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
from typing import cast

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import connection as default_connection
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.postgresql_backend.base import DatabaseWrapper

from tenants import api as tenants_api

from . import observability
from .health import healthz

connection = cast(DatabaseWrapper, default_connection)


class TenantFromHostMiddleware(TenantMainMiddleware):
    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        observability.bind_request(request_id=request.headers.get("X-Request-Id") or uuid.uuid4().hex[:16])
        if request.path == "/healthz":
            return healthz(request)
        connection.set_schema_to_public()
        try:
            hostname = self.hostname_from_request(request)
        except DisallowedHost:
            return HttpResponseBadRequest(
                "Requête invalide : en-tête Host refusé.", content_type="text/plain; charset=utf-8"
            )
        tenant = tenants_api.resolve_host(hostname)
        if tenant is None:
            return render(request, "ops/unknown_host.html", {"hostname": hostname}, status=404)
        if not tenant.is_active:
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


class FrenchFirstLocaleMiddleware:
    """French unless the visitor chose another language with the switcher.

    The browser's Accept-Language is deliberately ignored: a commune's pages are written
    in French, and an interface that silently turned English around French content would
    confuse more citizens than it helps (docs/adr/0007-french-first.md). The choice is
    the language cookie set by Django's `set_language` view.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
