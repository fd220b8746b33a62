"""Admin views of the competence map (communes' settings of shared services, EPCI table), and
the agents' "Guichet unique" (resume a citizen's draft with its code, record a new request for a
citizen through the counter, the phone, a letter, an email or a social network)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from guichet.accounts import api as accounts_api
from guichet.roles import api as roles_api

from . import api, services, views
from .forms import AssistedIntakeForm, ResumeCodeForm, assisted_channel_choices
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

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        # The header's trail names the page (without it Wagtail shows only "Accueil").
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

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

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("catalogue_admin:shared"), "label": _("Démarches de l'EPCI")},
            {"url": "", "label": self.get_page_title()},
        ]

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

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        # The header's trail names the page (without it Wagtail shows only "Accueil").
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["map"] = api.competence_map(self.tenant)
        return context


# --- Guichet unique: an agent resumes a citizen's draft or records a request for them ----------


class _AgentMixin:
    """EPCI and communes only (404 elsewhere); the tenant's agents only (a real 403)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        tenant = getattr(request, "tenant", None)
        if tenant is None or tenant.kind not in ("epci", "commune"):
            raise Http404
        if not roles_api.is_tenant_agent(request.user):
            return render(request, "services_catalog/admin/guichet_forbidden.html", status=403)
        self.tenant = tenant
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class GuichetView(_AgentMixin, WagtailAdminTemplateMixin, TemplateView):
    """ "Guichet unique": resume a draft with its code, or start a new request for a citizen."""

    template_name = "services_catalog/admin/guichet.html"
    page_title = gettext_lazy("Guichet unique")
    header_icon = "user"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("resume_form", ResumeCodeForm(initial={"code": self.request.GET.get("code", "")[:20]}))
        context["in_progress"] = services.agent_drafts(self.request.user)
        return context


class ResumeView(GuichetView):
    page_title = gettext_lazy("Reprendre un brouillon")
    template_name = "services_catalog/admin/guichet_resume.html"

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ResumeCodeForm(request.POST)
        if form.is_valid():
            channel = form.cleaned_data["channel"]
            if channel not in [value for value, _label in assisted_channel_choices()]:
                services.refuse_channel(agent=request.user, channel=channel)
                form.add_error(
                    "channel", _("Canal inconnu : choisissez guichet, téléphone, courrier, courriel ou réseau social.")
                )
            else:
                try:
                    draft = services.open_draft_with_code(code=form.cleaned_data["code"], agent=request.user)
                except services.DraftError as error:
                    form.add_error("code", error)
                else:
                    views.enter_assisted_mode(request, draft, channel)
                    return redirect("services_catalog:start", slug=draft.service_slug)
        return self.render_to_response(self.get_context_data(resume_form=form), status=400)


class NewRequestView(GuichetView):
    page_title = gettext_lazy("Nouvelle demande")
    template_name = "services_catalog/admin/guichet_new.html"

    def _form(self, data: Any = None, files: Any = None) -> AssistedIntakeForm:
        return AssistedIntakeForm(data, files, services=api.assisted_services(self.tenant))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self._form())
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["original"]
            original = (
                api.OriginalFile(
                    name=upload.name,
                    content=upload.read(),
                    content_type=upload.content_type or "application/octet-stream",
                )
                if upload
                else None
            )
            known = accounts_api.email_is_registered(form.cleaned_data["email"])
            try:
                path = api.start_assisted_draft(
                    service_slug=form.cleaned_data["service"],
                    agent=request.user,
                    channel=form.cleaned_data["channel"],
                    citizen_email=form.cleaned_data["email"],
                    citizen_first_name=form.cleaned_data["first_name"],
                    citizen_last_name=form.cleaned_data["last_name"],
                    original=original,
                )
            except api.CatalogueError as error:
                field = "channel" if "Canal" in " ".join(error.messages) else None
                form.add_error(field, error)
            else:
                messages.success(request, _("Fiche usager trouvée.") if known else _("Fiche usager créée."))
                return redirect(path)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class LeaveAssistedView(_AgentMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        views.leave_assisted_mode(request)
        messages.info(request, _("Saisie pour le compte de l'usager interrompue : le brouillon est conservé."))
        return redirect("guichet_admin:index")
