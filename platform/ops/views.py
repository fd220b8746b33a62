from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.static import serve

from tenants import api as tenants_api


def public_media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Public media from local storage (logos, images). Never active content: an SVG is
    served with a CSP that forbids scripts, on top of the sanitising done at upload."""
    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def operator_home(request: HttpRequest) -> HttpResponse:
    """The operator's public page: the collectivités hosted on this deployment."""
    tenants = tenants_api.hosted_tenants()
    return render(
        request,
        "ops/operator_home.html",
        {
            "epcis": [t for t in tenants if t.kind == "epci"],
            "communes": [t for t in tenants if t.kind == "commune"],
        },
    )
