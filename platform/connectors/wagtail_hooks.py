"""The connectors in the tenant's Wagtail admin: "Données nationales" (administrators)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


class AdministratorsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return admin_views.is_site_tenant(request) and admin_views.may_configure(request.user)


@hooks.register("register_admin_urls")
def register_urls() -> list[Any]:
    urls = [
        path("", admin_views.SettingsView.as_view(), name="settings"),
        path("tester/", admin_views.CheckView.as_view(), name="check"),
    ]
    return [path("donnees-nationales/", include((urls, "connectors_admin"), namespace="connectors_admin"))]


@hooks.register("register_settings_menu_item")
def settings_menu_item() -> MenuItem:
    return AdministratorsMenuItem(
        _("Données nationales"), reverse("connectors_admin:settings"), icon_name="globe", order=62
    )
