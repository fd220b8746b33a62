"""Menu and footer of every page of a tenant's site, cached per tenant."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest

CHROME_CACHE_KEY = "cms:site-chrome"


def _build() -> dict[str, Any]:
    from wagtail.models import Site

    from .models import AccessibilityDeclarationPage, FooterRole, StandardPage

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return {"menu": [], "footer": [], "a11y": None}
    home = site.root_page
    menu = [
        {"title": p.title, "url": p.url_path[len(home.url_path) - 1 :]}
        for p in home.get_children().live().public().in_menu().only("title", "url_path")
    ]
    footer = [
        {"title": FooterRole(p.footer_role).label, "url": p.url_path[len(home.url_path) - 1 :], "role": p.footer_role}
        for p in StandardPage.objects.live().public().exclude(footer_role="").order_by("footer_role")
    ]
    declaration = AccessibilityDeclarationPage.objects.live().public().first()
    a11y = (
        {"status": declaration.get_status_display(), "url": declaration.url_path[len(home.url_path) - 1 :]}
        if declaration
        else None
    )
    return {"menu": menu, "footer": footer, "a11y": a11y}


def site_chrome(request: HttpRequest) -> dict[str, Any]:
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.kind not in ("epci", "commune"):
        return {"site_chrome": None}
    chrome = cache.get(CHROME_CACHE_KEY)
    if chrome is None:
        chrome = _build()
        cache.set(CHROME_CACHE_KEY, chrome, 600)
    return {"site_chrome": chrome}


def forget_site_chrome() -> None:
    cache.delete(CHROME_CACHE_KEY)
