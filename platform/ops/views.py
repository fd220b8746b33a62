from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tenants import api as tenants_api


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
