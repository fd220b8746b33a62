"""The notifications in the tenant's Wagtail admin: "Envois" (administrators and agents),
"Modèles de messages" and "Expéditeur des messages" (administrators)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


class GatedMenuItem(MenuItem):
    def __init__(self, *args: Any, allowed: Callable[[Any], bool], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed = allowed

    def is_shown(self, request: HttpRequest) -> bool:
        return views.is_site_tenant(request) and self.allowed(request.user)


@hooks.register("register_admin_urls")
def register_urls() -> list[Any]:
    urls = [
        path("envois/", views.OutboxListView.as_view(), name="outbox"),
        path("envois/<int:pk>/", views.OutboxDetailView.as_view(), name="outbox_detail"),
        path("modeles/", views.TemplateListView.as_view(), name="templates"),
        path("modeles/<str:event>/", views.TemplateEditView.as_view(), name="template_edit"),
        path("expediteur/", views.SenderSettingsView.as_view(), name="sender"),
    ]
    return [path("messages/", include((urls, "notifications_admin"), namespace="notifications_admin"))]


@hooks.register("register_admin_menu_item")
def outbox_menu_item() -> MenuItem:
    return GatedMenuItem(
        _("Envois"),
        reverse("notifications_admin:outbox"),
        icon_name="mail",
        order=150,
        allowed=views.may_see_deliveries,
    )


@hooks.register("register_settings_menu_item")
def templates_menu_item() -> MenuItem:
    return GatedMenuItem(
        _("Modèles de messages"),
        reverse("notifications_admin:templates"),
        icon_name="mail",
        order=60,
        allowed=views.may_edit_messages,
    )


@hooks.register("register_settings_menu_item")
def sender_menu_item() -> MenuItem:
    return GatedMenuItem(
        _("Expéditeur des messages"),
        reverse("notifications_admin:sender"),
        icon_name="user",
        order=61,
        allowed=views.may_edit_messages,
    )
