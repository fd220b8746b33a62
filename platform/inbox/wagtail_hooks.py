""" "Courriels reçus" in the tenant's Wagtail admin (agents), with the count of new emails in
the menu label, and its "Boîte de réception" settings page (administrators)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent

from guichet.roles import api as roles_api

from . import admin_views, lookups


class InboxMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return admin_views.may_read_mail(request)

    def render_component(self, request: HttpRequest) -> Any:
        count = lookups.new_count()
        label = _("Courriels reçus (%(count)s)") % {"count": count} if count else self.label
        return LinkMenuItemComponent(
            self.name, label, self.url, icon_name=self.icon_name, classname=self.classname, attrs=self.attrs
        )


class SettingsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return admin_views.may_read_mail(request) and roles_api.is_tenant_admin(request.user)


@hooks.register("register_admin_urls")
def register_urls() -> list[Any]:
    urls = [
        path("", admin_views.ListView.as_view(), name="list"),
        path("reglages/", admin_views.SettingsView.as_view(), name="settings"),
        path("<int:item_id>/", admin_views.ItemView.as_view(), name="item"),
        path("<int:item_id>/original/", admin_views.DownloadView.as_view(), name="eml"),
        path("<int:item_id>/pieces/<int:index>/", admin_views.DownloadView.as_view(), name="attachment"),
    ]
    return [path("courriels/", include((urls, "inbox_admin"), namespace="inbox_admin"))]


@hooks.register("register_admin_menu_item")
def inbox_menu_item() -> MenuItem:
    return InboxMenuItem(
        gettext_lazy("Courriels reçus"), reverse("inbox_admin:list"), icon_name="mail", order=129, name="courriels"
    )


@hooks.register("register_settings_menu_item")
def inbox_settings_menu_item() -> MenuItem:
    return SettingsMenuItem(
        gettext_lazy("Boîte de réception"), reverse("inbox_admin:settings"), icon_name="mail", order=600
    )
