"""The tenant's "Données nationales" settings page (administrators only), with a
"Tester la connexion" button. Views parse input and call services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from guichet.roles import api as roles_api

from . import lookups, services
from .forms import SettingsForm
from .sources import ConnectorError


def may_configure(user: Any) -> bool:
    """The tenant's administrators and the operator."""
    return roles_api.is_tenant_admin(user)


def is_site_tenant(request: HttpRequest) -> bool:
    tenant = getattr(request, "tenant", None)
    return tenant is not None and getattr(tenant, "kind", "") in ("epci", "commune")


class _Gate:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_site_tenant(request):
            raise Http404
        if not may_configure(request.user):
            if request.method == "POST" and getattr(request.user, "is_authenticated", False):
                services.record_settings_refusal(actor=request.user)
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class SettingsView(_Gate, WagtailAdminTemplateMixin, FormView):
    template_name = "connectors/admin/settings.html"
    form_class = SettingsForm
    page_title = gettext_lazy("Données nationales")
    header_icon = "globe"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        # The header's trail names the page (without it Wagtail shows only "Accueil").
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_form_kwargs(self) -> dict[str, Any]:
        current = lookups.current_settings()
        return {**super().get_form_kwargs(), "has_token": current.has_token, "token_mask": current.token_mask}

    def get_initial(self) -> dict[str, Any]:
        current = lookups.current_settings()
        return {"enabled": current.enabled, "base_url": current.base_url, "timeout_seconds": current.timeout_seconds}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            current=lookups.current_settings(), action_url=self.request.path, submit_button_label=_("Enregistrer")
        )
        return context

    def form_valid(self, form: SettingsForm) -> HttpResponse:
        try:
            services.configure(actor=self.request.user, **form.cleaned_data)
        except ConnectorError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Réglages des données nationales enregistrés."))
        return redirect("connectors_admin:settings")

    def form_invalid(self, form: SettingsForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CheckView(_Gate, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            report = services.check_connection(actor=request.user)
        except ConnectorError as error:
            messages.error(request, _("Échec du test de connexion : %(why)s") % {"why": error.message})
        else:
            messages.success(request, report)
        return redirect("connectors_admin:settings")
