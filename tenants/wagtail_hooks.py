"""Operator's menu entry and URLs in the Wagtail admin (operator's site only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views as views


class OperatorMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return getattr(connection, "schema_name", None) == settings.PUBLIC_SCHEMA_NAME and bool(
            request.user.is_superuser
        )


@hooks.register("register_admin_urls")
def register_urls() -> list[Any]:
    urls = [
        path("", views.TenantIndexView.as_view(), name="index"),
        path("nouvel-epci/", views.ProvisionEpciView.as_view(), name="provision_epci"),
        path("nouvelle-commune/", views.ProvisionCommuneView.as_view(), name="provision_commune"),
        path("<int:pk>/renommer/", views.RenameView.as_view(), name="rename"),
        path("<int:pk>/suspendre/", views.SuspendView.as_view(), name="suspend"),
        path("<int:pk>/reactiver/", views.ReactivateView.as_view(), name="reactivate"),
        path("<int:pk>/domaine/", views.AddDomainView.as_view(), name="add_domain"),
    ]
    return [path("collectivites/", include((urls, "tenants_admin"), namespace="tenants_admin"))]


@hooks.register("register_admin_menu_item")
def register_menu_item() -> MenuItem:
    return OperatorMenuItem(_("Collectivités"), reverse("tenants_admin:index"), icon_name="site", order=150)
