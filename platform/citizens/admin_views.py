"""The agents' 360° view in the tenant's Wagtail admin ("Usagers").

- `/admin/usagers/`: a search of the citizens known to THIS tenant (people with requests in
  its schema — never the global account table). An EPCI agent holding the permission
  "Voir le dossier d'un usager dans toutes les communes" may search the EPCI and all its
  member communes (`portee=epci`).
- `/admin/usagers/<id>/`: asks the reason first (GET), then (POST, the reason given) shows
  the citizen's requests, messages, corrections and vault pieces in this tenant — or across
  the EPCI with the permission. Each look is audited in the agent's schema and in every
  schema read (`services.record_look`); each refused attempt too (`services.record_refusal`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_tenants.utils import schema_context
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from guichet.casework import api as casework_api
from guichet.roles import api as roles_api

from . import lookups, services
from .forms import EPCI, ReasonForm, SearchForm
from .models import VIEW_ACROSS_EPCI_PERMISSION

MAX_ID_DIGITS = 18
SEARCH_MIN_CHARS = 2  # as casework's search


def may_use_360(request: HttpRequest) -> bool:
    tenant = getattr(request, "tenant", None)
    return tenant is not None and tenant.kind in ("epci", "commune") and roles_api.is_tenant_agent(request.user)


def may_see_across_epci(request: HttpRequest) -> bool:
    """An agent of an EPCI holding the permission (the EPCI's administrators by default)."""
    tenant = getattr(request, "tenant", None)
    return (
        tenant is not None
        and tenant.kind == "epci"
        and roles_api.is_tenant_agent(request.user)
        and request.user.has_perm(VIEW_ACROSS_EPCI_PERMISSION)
    )


def _refused(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    return render(
        request,
        "citizens/admin/refused.html",
        {"message": message, "search_url": reverse("citizens_admin:search")},
        status=status,
    )


def _vault_url(user_id: int) -> str:
    """The vault's agents' page of the citizen's pieces kept here ("" without the vault)."""
    try:
        return reverse("vault_admin:citizen", args=[user_id])
    except NoReverseMatch:
        return ""


class _AgentMixin:
    """EPCI and communes only (404 elsewhere); the tenant's agents only (403)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        tenant = getattr(request, "tenant", None)
        if tenant is None or tenant.kind not in ("epci", "commune"):
            raise Http404
        if not roles_api.is_tenant_agent(request.user):
            return _refused(
                request,
                _(
                    "Vous n'avez pas accès aux dossiers des usagers de cette collectivité : "
                    "seuls ses agents les consultent."
                ),
                status=403,
            )
        self.tenant = tenant
        self.cross_allowed = may_see_across_epci(request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def refuse_cross(self, request: HttpRequest, citizen_id: str) -> HttpResponse:
        services.record_refusal(actor=request.user, citizen_id=citizen_id, why="cross_epci_without_permission")
        return _refused(
            request,
            _(
                "La consultation dans toutes les communes de l'EPCI est réservée aux agents de l'EPCI "
                "qui ont la permission « Voir le dossier d'un usager dans toutes les communes »."
            ),
            status=403,
        )


class SearchView(_AgentMixin, WagtailAdminTemplateMixin, View):
    template_name = "citizens/admin/search.html"
    page_title = gettext_lazy("Usagers")
    header_icon = "user"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        # The header's trail names the page (without it Wagtail shows only "Accueil").
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request: HttpRequest) -> HttpResponse:
        form = SearchForm(request.GET)
        cross = request.GET.get("portee") == EPCI
        if cross and not self.cross_allowed:
            return self.refuse_cross(request, "")
        query = form.value("q")
        schemas = lookups.epci_scope(self.tenant.schema_name) if cross else [self.tenant.schema_name]
        results = casework_api.citizens_known_in(query=query, schemas=schemas) if query else []
        too_short = bool(query) and len(query.strip()) < SEARCH_MIN_CHARS
        context = self.get_context_data(
            form=form,
            query=query,
            results=results,
            searched=bool(query),
            too_short=too_short,
            cross=cross,
            cross_allowed=self.cross_allowed,
        )
        return render(request, self.template_name, context)


class FileView(_AgentMixin, WagtailAdminTemplateMixin, View):
    reason_template = "citizens/admin/reason.html"
    file_template = "citizens/admin/file.html"
    header_icon = "user"

    def get_page_title(self) -> str:
        return str(getattr(self, "title", "") or _("Dossier de l'usager"))

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("citizens_admin:search"), "label": _("Usagers")},
            {"url": "", "label": self.get_page_title()},
        ]

    def _known(self, request: HttpRequest, citizen_id: str, cross: bool) -> tuple[int, list[str]] | HttpResponse:
        """(user id, schemas where the citizen has requests) — or the refusal, audited."""
        if not citizen_id.isdigit() or len(citizen_id) > MAX_ID_DIGITS:
            services.record_refusal(actor=request.user, citizen_id=citizen_id, why="invalid_id")
            return _refused(request, _("Ce numéro d'usager n'est pas valide."), status=400)
        if cross and not self.cross_allowed:
            return self.refuse_cross(request, citizen_id)
        user_id = int(citizen_id)
        scope = lookups.epci_scope(self.tenant.schema_name) if cross else [self.tenant.schema_name]
        known = lookups.known_in(user_id=user_id, schemas=scope)
        if not known:
            services.record_refusal(actor=request.user, citizen_id=citizen_id, why="unknown_here")
            return _refused(
                request,
                _("Aucun usager connu de votre collectivité ne correspond à ce numéro."),
                status=404,
            )
        return user_id, known

    def get(self, request: HttpRequest, citizen_id: str) -> HttpResponse:
        cross = request.GET.get("portee") == EPCI
        found = self._known(request, citizen_id, cross)
        if isinstance(found, HttpResponse):
            return found
        initial = {"portee": EPCI if cross else "ici"}
        return self.ask_reason(request, *found, ReasonForm(initial=initial, cross_allowed=self.cross_allowed))

    def post(self, request: HttpRequest, citizen_id: str) -> HttpResponse:
        cross = request.POST.get("portee") == EPCI
        found = self._known(request, citizen_id, cross)
        if isinstance(found, HttpResponse):
            return found
        user_id, schemas = found
        form = ReasonForm(request.POST, cross_allowed=self.cross_allowed)
        if not form.is_valid():
            services.record_refusal(
                actor=request.user,
                citizen_id=citizen_id,
                why="invalid_reason",
                data={"motif": str(request.POST.get("motif", ""))[:50]},
            )
            messages.error(request, _("Le dossier n'a pas été ouvert : corrigez les erreurs signalées."))
            return self.ask_reason(request, user_id, schemas, form, status=400)
        try:
            services.record_look(
                actor=request.user,
                citizen_id=user_id,
                reason=form.cleaned_data["motif"],
                other=form.cleaned_data.get("precision") or "",
                schemas=schemas,
            )
        except services.CitizensError:  # the form already refuses what the service would
            return self.ask_reason(request, user_id, schemas, form, status=400)
        here = self.tenant.schema_name
        files = [lookups.file_in(user_id=user_id, schema=s, current_schema=here) for s in schemas]
        first = next((f.activity for f in files if f.activity is not None), None)
        self.title = first.full_name if first else ""
        context = self.get_context_data(
            files=files,
            identity=first,
            citizen_id=user_id,
            cross=cross,
            reason_label=dict(services.REASONS)[form.cleaned_data["motif"]],
            reason_other=form.cleaned_data.get("precision") or "",
            here=here,
            vault_url=_vault_url(user_id),
        )
        return render(request, self.file_template, context)

    def ask_reason(
        self, request: HttpRequest, user_id: int, schemas: list[str], form: ReasonForm, *, status: int = 200
    ) -> HttpResponse:
        with schema_context(schemas[0]):
            identity = casework_api.citizen_activity_here(user_id, admin_links=False)
        self.title = _("Dossier de %(name)s") % {"name": identity.full_name} if identity else ""
        context = self.get_context_data(form=form, identity=identity, cross_allowed=self.cross_allowed)
        return render(request, self.reason_template, context, status=status)
