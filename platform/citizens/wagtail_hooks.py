"""The "Usagers" menu of the tenant's Wagtail admin (agents of an EPCI or a commune): the
search of the citizens known to the tenant and their 360° view (`admin_views`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


class CitizensMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return admin_views.may_use_360(request)


@hooks.register("register_admin_urls")
def register_urls() -> list[Any]:
    urls = [
        path("", admin_views.SearchView.as_view(), name="search"),
        path("<str:citizen_id>/", admin_views.FileView.as_view(), name="file"),
    ]
    return [path("usagers/", include((urls, "citizens_admin"), namespace="citizens_admin"))]


@hooks.register("register_admin_menu_item")
def citizens_menu_item() -> MenuItem:
    return CitizensMenuItem(_("Usagers"), reverse("citizens_admin:search"), icon_name="user", order=132)
