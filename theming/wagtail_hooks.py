"""'Thème du site' in the tenant's Wagtail admin, for its administrators."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from guichet.roles import api as roles_api

from . import views


class ThemeMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        tenant = getattr(request, "tenant", None)
        return tenant is not None and tenant.kind in ("epci", "commune") and roles_api.is_tenant_admin(request.user)


@hooks.register("register_admin_urls")
def register_urls() -> list[Any]:
    urls = [path("", views.ThemeEditView.as_view(), name="edit")]
    return [path("theme/", include((urls, "theming_admin"), namespace="theming_admin"))]


@hooks.register("register_settings_menu_item")
def register_menu_item() -> MenuItem:
    return ThemeMenuItem(_("Thème du site"), reverse("theming_admin:edit"), icon_name="desktop", order=50)
