"""Admin views of the competence map (communes' settings of shared services, EPCI table)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from guichet.roles import api as roles_api

from . import api, services
from .models import SharedServiceSetting


def may_manage_catalogue(user: Any) -> bool:
    """The tenant's administrators and the operator (roles' own check)."""
    return roles_api.is_tenant_admin(user)


class _TenantAdminMixin:
    kind = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        tenant = getattr(request, "tenant", None)
        if tenant is None or tenant.kind != self.kind:
            raise Http404
        if not may_manage_catalogue(request.user):
            raise PermissionDenied
        self.tenant = tenant
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class SharedServicesView(_TenantAdminMixin, WagtailAdminTemplateMixin, TemplateView):
    kind = "commune"
    template_name = "services_catalog/admin/shared_services.html"
    page_title = gettext_lazy("Démarches de l'EPCI")
    header_icon = "group"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["entries"] = [e for e in api.catalogue(self.tenant, include_disabled=True) if e.handled_by == "epci"]
        return context


class SharedSettingForm(forms.Form):
    enabled = forms.BooleanField(
        label=gettext_lazy("Proposer cette démarche sur le site de la commune"), required=False
    )
    local_title = forms.CharField(label=gettext_lazy("Intitulé local (facultatif)"), max_length=150, required=False)
    local_summary = forms.CharField(label=gettext_lazy("Résumé local (facultatif)"), max_length=300, required=False)
    local_contact = forms.CharField(
        label=gettext_lazy("Contact local (facultatif)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Par exemple : l'accueil de la mairie vous aide à remplir la demande."),
    )


class SharedServiceSettingView(_TenantAdminMixin, WagtailAdminTemplateMixin, FormView):
    kind = "commune"
    template_name = "wagtailadmin/generic/form.html"
    form_class = SharedSettingForm
    header_icon = "group"

    def _entry(self) -> api.CatalogueEntry:
        key = str(self.kwargs["key"])
        entry = next(
            (e for e in api.catalogue(self.tenant, include_disabled=True) if e.key == key and e.handled_by == "epci"),
            None,
        )
        if entry is None:
            raise Http404
        return entry

    def get_page_title(self) -> str:
        return str(self._entry().title)

    def get_initial(self) -> dict[str, Any]:
        setting = SharedServiceSetting.objects.filter(service_key=str(self.kwargs["key"])).first()
        if setting is None:
            return {"enabled": True}
        return {f: getattr(setting, f) for f in ("enabled", "local_title", "local_summary", "local_contact")}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["action_url"] = self.request.path
        context["submit_button_label"] = _("Enregistrer")
        return context

    def form_valid(self, form: SharedSettingForm) -> HttpResponse:
        entry = self._entry()
        try:
            services.save_shared_setting(service_key=entry.key, actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Réglage enregistré : le catalogue de la commune est à jour."))
        return redirect("catalogue_admin:shared")


class CompetenceMapView(_TenantAdminMixin, WagtailAdminTemplateMixin, TemplateView):
    kind = "epci"
    template_name = "services_catalog/admin/competence_map.html"
    page_title = gettext_lazy("Carte des compétences")
    header_icon = "table"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["map"] = api.competence_map(self.tenant)
        return context
