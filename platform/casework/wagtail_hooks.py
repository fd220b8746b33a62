"""The requests in the tenant's Wagtail admin (EPCI and communes).

- "Demandes" (agents and administrators): the work queue and each request's page
  (`admin_views`), under /admin/demandes/ — the agents' emails link to
  /admin/demandes/<id>/.
- "Équipes" (administrators): the teams requests can be assigned to, members chosen among
  the tenant's agents.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from guichet.roles import api as roles_api

from . import admin_statistics, admin_views
from .admin_forms import TeamForm
from .models import Team


def _epci_or_commune() -> bool:
    tenant = getattr(connection, "tenant", None)
    return getattr(tenant, "kind", "") in ("epci", "commune")


class TeamPermissionPolicy(BasePermissionPolicy):
    """Teams are managed by the tenant's administrators (and the operator), in an EPCI or a
    commune only; no Django model permission is involved."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return _epci_or_commune() and roles_api.is_tenant_admin(user)

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        return self.user_has_permission(user, "")

    def users_with_any_permission(self, actions: Any) -> Any:
        users = get_user_model().objects
        if not _epci_or_commune():
            return users.none()
        ids = [pk for pk, _label in roles_api.tenant_agents() if roles_api.is_tenant_admin(users.get(pk=pk))]
        return users.filter(pk__in=ids)


register_permission_policy(Team, TeamPermissionPolicy(Team))


class TeamViewSet(ModelViewSet):
    model = Team
    form_fields = ["name", "members"]
    icon = "group"
    menu_label = _("Équipes")
    menu_name = "equipes"
    menu_order = 131
    add_to_admin_menu = True
    url_prefix = "demandes/equipes"
    name = "casework_teams"
    list_display = ["name"]
    search_fields = None
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update: bool = False) -> type[TeamForm]:
        return TeamForm


@hooks.register("register_admin_viewset")
def register_team_viewset() -> TeamViewSet:
    return TeamViewSet()


class RequestsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return admin_views.may_process_requests(request)


@hooks.register("register_admin_urls")
def register_urls() -> list[Any]:
    urls = [
        path("", admin_views.QueueView.as_view(), name="queue"),
        path("statistiques/", admin_statistics.StatisticsView.as_view(), name="statistics"),
        path("<int:request_id>/", admin_views.RequestView.as_view(), name="request"),
        path(
            "<int:request_id>/fichiers/<int:item_id>/",
            admin_views.DownloadView.as_view(kind="file"),
            name="file",
        ),
        path(
            "<int:request_id>/documents/<int:item_id>/",
            admin_views.DownloadView.as_view(kind="document"),
            name="document",
        ),
    ]
    return [path("demandes/", include((urls, "casework_admin"), namespace="casework_admin"))]


@hooks.register("register_admin_menu_item")
def requests_menu_item() -> MenuItem:
    return RequestsMenuItem(_("Demandes"), reverse("casework_admin:queue"), icon_name="clipboard-list", order=130)


@hooks.register("register_admin_menu_item")
def statistics_menu_item() -> MenuItem:
    return RequestsMenuItem(_("Statistiques"), reverse("casework_admin:statistics"), icon_name="table", order=133)
