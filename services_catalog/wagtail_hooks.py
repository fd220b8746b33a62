"""The catalogue in the tenant's Wagtail admin.

- "Démarches": the tenant's own services (a commune's local services, an EPCI's shared
  ones), with drafts, revisions and publication; each publication freezes a version.
- "Démarches de l'EPCI" (communes): enable or disable each shared service, local wording
  and contact.
- "Carte des compétences" (EPCIs): which service each member commune offers, who handles it.
- "Guichet unique" (agents): resume a citizen's draft with its code, record a new request for a
  citizen (counter, phone, post, email, social network).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from guichet.roles import api as roles_api

from . import admin_views
from .forms import ServiceAdminForm
from .models import Service


class ServiceViewSet(SnippetViewSet):
    model = Service
    icon = "form"
    menu_label = _("Démarches")
    menu_name = "demarches"
    menu_order = 140
    add_to_admin_menu = True
    list_display = ["title", "category", "silence_rule", "live"]
    list_filter = ["category", "live"]
    search_fields = ["title", "summary", "keywords"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("title"),
                    FieldPanel("slug"),
                    FieldPanel("summary"),
                    FieldPanel("description"),
                    FieldRowPanel([FieldPanel("category"), FieldPanel("keywords")]),
                    MultiFieldPanel(
                        [FieldPanel("applies_to_all_communes"), FieldPanel("communes")],
                        heading=_("Communes membres"),
                    ),
                ],
                heading=_("Présentation"),
            ),
            ObjectList(
                [
                    FieldPanel("eligibility"),
                    FieldPanel("eligibility_details"),
                    FieldPanel("documents_to_prepare"),
                    FieldRowPanel([FieldPanel("fee_cents"), FieldPanel("processing_time")]),
                    FieldPanel("channels"),
                ],
                heading=_("Conditions"),
            ),
            ObjectList(
                [
                    FieldPanel("silence_rule"),
                    FieldRowPanel([FieldPanel("silence_delay"), FieldPanel("silence_delay_unit")]),
                    FieldPanel("legal_basis"),
                    FieldPanel("restart_clock_on_any_correction"),
                    FieldPanel("retention_months"),
                ],
                heading=_("Décision et délais"),
            ),
            ObjectList(
                [
                    FieldPanel("handling_service"),
                    FieldPanel("handling_address"),
                    FieldRowPanel([FieldPanel("handling_email"), FieldPanel("handling_phone")]),
                ],
                heading=_("Service instructeur"),
            ),
            ObjectList([FieldPanel("form")], heading=_("Formulaire")),
        ],
        base_form_class=ServiceAdminForm,
    )


register_snippet(ServiceViewSet)


class TenantKindMenuItem(MenuItem):
    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind

    def is_shown(self, request: HttpRequest) -> bool:
        tenant = getattr(request, "tenant", None)
        return tenant is not None and tenant.kind == self.kind and admin_views.may_manage_catalogue(request.user)


@hooks.register("register_admin_urls")
def register_urls() -> list[Any]:
    urls = [
        path("demarches-epci/", admin_views.SharedServicesView.as_view(), name="shared"),
        path("demarches-epci/<uuid:key>/", admin_views.SharedServiceSettingView.as_view(), name="shared_setting"),
        path("carte-des-competences/", admin_views.CompetenceMapView.as_view(), name="competence_map"),
    ]
    return [path("catalogue/", include((urls, "catalogue_admin"), namespace="catalogue_admin"))]


@hooks.register("register_admin_menu_item")
def shared_services_menu_item() -> MenuItem:
    return TenantKindMenuItem(
        _("Démarches de l'EPCI"), reverse("catalogue_admin:shared"), icon_name="group", order=141, kind="commune"
    )


@hooks.register("register_admin_menu_item")
def competence_map_menu_item() -> MenuItem:
    return TenantKindMenuItem(
        _("Carte des compétences"), reverse("catalogue_admin:competence_map"), icon_name="table", order=141, kind="epci"
    )


# --- Guichet unique (the tenant's agents) -----------------------------------------------------


class AgentMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        tenant = getattr(request, "tenant", None)
        return tenant is not None and tenant.kind in ("epci", "commune") and roles_api.is_tenant_agent(request.user)


class AgentSubmenuItem(SubmenuMenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return AgentMenuItem.is_shown(self, request)  # type: ignore[arg-type]


@hooks.register("register_admin_urls")
def register_guichet_urls() -> list[Any]:
    urls = [
        path("", admin_views.GuichetView.as_view(), name="index"),
        path("reprendre/", admin_views.ResumeView.as_view(), name="resume"),
        path("nouvelle-demande/", admin_views.NewRequestView.as_view(), name="new"),
        path("quitter/", admin_views.LeaveAssistedView.as_view(), name="leave"),
    ]
    return [path("guichet/", include((urls, "guichet_admin"), namespace="guichet_admin"))]


@hooks.register("register_admin_menu_item")
def guichet_menu_item() -> MenuItem:
    menu = Menu(
        items=[
            AgentMenuItem(_("Reprendre un brouillon"), reverse("guichet_admin:resume"), icon_name="resubmit", order=1),
            AgentMenuItem(_("Nouvelle demande"), reverse("guichet_admin:new"), icon_name="plus", order=2),
        ]
    )
    return AgentSubmenuItem(_("Guichet unique"), menu, icon_name="user", order=129, name="guichet-unique")
