"""The operator's admin for collectivités, inside Wagtail, on the operator's site only.

Every action calls tenants.services; a refused action shows the service's French
message on the form and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import forms as tenant_forms
from . import services
from .api import site_url
from .models import Tenant, TenantKind


def operator_only(request: HttpRequest) -> None:
    if getattr(connection, "schema_name", None) != settings.PUBLIC_SCHEMA_NAME:
        raise Http404
    if not request.user.is_superuser:
        raise PermissionDenied


class OperatorMixin(WagtailAdminTemplateMixin):
    header_icon = "site"
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        operator_only(request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("tenants_admin:index"), "label": _("Collectivités")},
            {"url": "", "label": self.get_page_title()},
        ]


class TenantIndexView(OperatorMixin, TemplateView):
    template_name = "tenants/admin/index.html"
    page_title: str | Promise = gettext_lazy("Collectivités")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Each EPCI followed by its member communes; communes without a hosted EPCI by name.
        tenants = (
            Tenant.objects.exclude(kind=TenantKind.OPERATOR)
            .select_related("parent")
            .prefetch_related("domains")
            .annotate(group=Coalesce("parent__name", "name"))
            .order_by("group", "-kind", "name")
        )
        rows = []
        for tenant in tenants:
            primary = next((d.domain for d in tenant.domains.all() if d.is_primary), "")
            rows.append({"tenant": tenant, "url": site_url(primary) if primary else ""})
        context["rows"] = rows
        return context


class ServiceFormView(OperatorMixin, FormView):
    """A form whose valid data is handed to a services function."""

    template_name = "tenants/admin/form.html"
    submit_button_label: str | Promise = gettext_lazy("Valider")
    success_message: str | Promise = ""

    @cached_property
    def target(self) -> Tenant:
        """The tenant named in the URL (looked up after OperatorMixin's check)."""
        if "pk" not in self.kwargs:
            raise Http404
        return get_object_or_404(Tenant.objects.exclude(kind=TenantKind.OPERATOR), pk=self.kwargs["pk"])

    def get_page_subtitle(self) -> str:
        return self.target.name if "pk" in self.kwargs else ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["action_url"] = self.request.get_full_path()
        context["submit_button_label"] = self.submit_button_label
        context["submit_button_active_label"] = _("En cours…")
        return context

    def perform(self, data: dict[str, Any]) -> Tenant:
        raise NotImplementedError

    def form_valid(self, form: forms.Form) -> HttpResponse:
        try:
            tenant = self.perform(form.cleaned_data)
        except services.ProvisioningError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(self.request, str(self.success_message).format(name=tenant.name))
        return redirect("tenants_admin:index")

    def form_invalid(self, form: forms.Form) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ProvisionEpciView(ServiceFormView):
    form_class = tenant_forms.ProvisionEpciForm
    page_title = gettext_lazy("Créer un EPCI et ses communes")
    submit_button_label = gettext_lazy("Créer l'EPCI")
    success_message = gettext_lazy("{name} et ses communes membres sont en ligne.")

    def perform(self, data: dict[str, Any]) -> Tenant:
        return services.provision_epci(siren=data["siren"], slug=data["slug"] or None, actor=self.request.user)


class ProvisionCommuneView(ServiceFormView):
    form_class = tenant_forms.ProvisionCommuneForm
    page_title = gettext_lazy("Créer une commune")
    submit_button_label = gettext_lazy("Créer la commune")
    success_message = gettext_lazy("{name} est en ligne.")

    def perform(self, data: dict[str, Any]) -> Tenant:
        return services.provision_commune(
            insee_code=data["insee_code"],
            slug=data["slug"] or None,
            domain=data["domain"] or None,
            actor=self.request.user,
        )


class RenameView(ServiceFormView):
    form_class = tenant_forms.RenameForm
    page_title = gettext_lazy("Renommer")
    success_message = gettext_lazy("La collectivité s'appelle désormais {name}.")

    def get_initial(self) -> dict[str, Any]:
        return {"name": self.target.name}

    def perform(self, data: dict[str, Any]) -> Tenant:
        return services.rename_tenant(tenant=self.target, name=data["name"], actor=self.request.user)


class SuspendView(ServiceFormView):
    form_class = tenant_forms.SuspendForm
    page_title = gettext_lazy("Suspendre")
    submit_button_label = gettext_lazy("Suspendre le site")
    success_message = gettext_lazy("Le site de {name} est suspendu.")

    def perform(self, data: dict[str, Any]) -> Tenant:
        return services.suspend_tenant(tenant=self.target, reason=data["reason"], actor=self.request.user)


class ReactivateView(ServiceFormView):
    form_class = forms.Form
    page_title = gettext_lazy("Réactiver")
    submit_button_label = gettext_lazy("Réactiver le site")
    success_message = gettext_lazy("Le site de {name} est de nouveau ouvert.")

    def perform(self, data: dict[str, Any]) -> Tenant:
        return services.reactivate_tenant(tenant=self.target, actor=self.request.user)


class AddDomainView(ServiceFormView):
    form_class = tenant_forms.DomainForm
    page_title = gettext_lazy("Ajouter un domaine")
    success_message = gettext_lazy("Le domaine est ajouté au site de {name}.")

    def perform(self, data: dict[str, Any]) -> Tenant:
        services.add_domain(
            tenant=self.target, domain=data["domain"], make_primary=data["make_primary"], actor=self.request.user
        )
        return self.target
