"""Menu and footer of every page of a tenant's site, cached per tenant."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import translation
from django.utils.safestring import mark_safe

CHROME_CACHE_KEY = "cms:site-chrome:v2"


def _build() -> dict[str, Any]:
    from wagtail.models import Site

    from .models import AccessibilityDeclarationPage, StandardPage

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return {"menu": [], "footer": [], "a11y": None}
    home = site.root_page
    menu = [
        {"title": p.title, "url": p.url_path[len(home.url_path) - 1 :]}
        for p in home.get_children().live().public().in_menu().only("title", "url_path")
    ]
    # Codes, not labels: the labels are translated per request (the cache is shared by languages).
    footer = [
        {"role": p.footer_role, "url": p.url_path[len(home.url_path) - 1 :]}
        for p in StandardPage.objects.live().public().exclude(footer_role="").order_by("footer_role")
    ]
    declaration = AccessibilityDeclarationPage.objects.live().public().first()
    a11y = (
        {"status": declaration.status, "url": declaration.url_path[len(home.url_path) - 1 :]} if declaration else None
    )
    return {"menu": menu, "footer": footer, "a11y": a11y}


def _labelled(chrome: dict[str, Any]) -> dict[str, Any]:
    from .models import ComplianceStatus, FooterRole

    a11y = chrome["a11y"]
    return {
        "menu": chrome["menu"],
        "footer": [{**link, "title": FooterRole(link["role"]).label} for link in chrome["footer"]],
        "a11y": {**a11y, "status": ComplianceStatus(a11y["status"]).label} if a11y else None,
    }


def site_chrome(request: HttpRequest) -> dict[str, Any]:
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.kind not in ("epci", "commune"):
        return {"site_chrome": None}
    chrome = cache.get(CHROME_CACHE_KEY)
    if chrome is None:
        chrome = _build()
        cache.set(CHROME_CACHE_KEY, chrome, 600)
    # Page titles and bodies are written in French: say so when the interface is not.
    content_lang_attr = mark_safe(' lang="fr"') if translation.get_language() != "fr" else ""  # noqa: S308
    return {"site_chrome": _labelled(chrome), "content_lang_attr": content_lang_attr}


def forget_site_chrome() -> None:
    cache.delete(CHROME_CACHE_KEY)
