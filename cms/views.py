"""Site search (per tenant: Wagtail's database backend in the tenant's schema), site map, robots."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from wagtail.models import Page, Site


def search(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:200]
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().specific().search(query)
    page = Paginator(results, 10).get_page(request.GET.get("page"))
    return render(request, "cms/search.html", {"query": query, "results": page})


def site_map(request: HttpRequest) -> HttpResponse:
    site = Site.find_for_request(request)
    home = site.root_page if site else None
    pages = home.get_descendants(inclusive=True).live().public().specific() if home else []
    return render(request, "cms/site_map.html", {"pages": pages, "home_depth": home.depth if home else 0})


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /compte/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
