"""The "Courriels reçus" back office in the tenant's Wagtail admin (/admin/courriels/).

- `/admin/courriels/`: the unsorted emails, filtered by status, 50 a page.
- `/admin/courriels/<id>/`: one email (sender, subject, date, its text escaped — its HTML is
  never rendered —, attachments, the original .eml), audited read, and the actions
  "Transformer en demande", "Répondre", "Classer sans suite" (POST, one services call each).
- `/admin/courriels/<id>/original/`, `…/pieces/<n>/`: downloads, checked and audited.
- `/admin/courriels/reglages/`: the mailbox settings, for the tenant's administrators.

EPCI and communes only (404 elsewhere); the tenant's agents only (403). Items of another
tenant are simply not in this schema: 404.
"""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.core.files.storage import storages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from guichet.roles import api as roles_api

from . import lookups, services
from .admin_forms import AnswerForm, ConvertForm, FilterForm, IgnoreForm, SettingsForm
from .models import InboundMessage, MailboxSettings, Status

PER_PAGE = 50


def may_read_mail(request: HttpRequest) -> bool:
    tenant = getattr(request, "tenant", None)
    return tenant is not None and tenant.kind in ("epci", "commune") and roles_api.is_tenant_agent(request.user)


def assisted_services(tenant: Any) -> list[tuple[str, str]]:
    from services_catalog import api as catalogue

    return list(catalogue.assisted_services(tenant))


class _AgentMixin:
    admin_only = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        tenant = getattr(request, "tenant", None)
        if tenant is None or tenant.kind not in ("epci", "commune"):
            raise Http404
        allowed = (
            roles_api.is_tenant_admin(request.user) if self.admin_only else roles_api.is_tenant_agent(request.user)
        )
        if not allowed:
            return render(request, "inbox/admin/forbidden.html", {"admin_only": self.admin_only}, status=403)
        self.tenant = tenant
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class ListView(_AgentMixin, WagtailAdminTemplateMixin, View):
    template_name = "inbox/admin/list.html"
    page_title = gettext_lazy("Courriels reçus")
    header_icon = "mail"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        # The header's trail names the page (without it Wagtail shows only "Accueil").
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = FilterForm(request.GET)
        status = filters.value()
        page = Paginator(lookups.items(status), PER_PAGE).get_page(request.GET.get("page"))
        context = self.get_context_data(
            filters=filters,
            page=page,
            status=status,
            new_count=lookups.new_count(),
            is_admin=roles_api.is_tenant_admin(request.user),
        )
        return render(request, self.template_name, context)


ACTIONS = ("convert", "answer", "ignore")


class ItemView(_AgentMixin, WagtailAdminTemplateMixin, View):
    template_name = "inbox/admin/item.html"
    header_icon = "mail"

    def _read(self, request: HttpRequest, item_id: int) -> InboundMessage:
        try:
            return services.record_read(item_id=item_id, actor=request.user)
        except services.NotFound:
            raise Http404 from None

    def get(self, request: HttpRequest, item_id: int) -> HttpResponse:
        return self.render(request, self._read(request, item_id), {})

    def post(self, request: HttpRequest, item_id: int) -> HttpResponse:
        if not InboundMessage.objects.filter(pk=item_id).exists():
            raise Http404
        action = request.POST.get("action", "")
        here = reverse("inbox_admin:item", args=[item_id])
        forms: dict[str, Any] = {}
        form: Any
        try:
            if action == "convert":
                form = forms["convert"] = ConvertForm(
                    request.POST, services=assisted_services(self.tenant), auto_id="convert_%s"
                )
                if form.is_valid():
                    url = services.convert(
                        item_id=item_id,
                        actor=request.user,
                        tenant=self.tenant,
                        service_slug=form.cleaned_data["service"],
                    )
                    messages.success(request, _("Demande commencée : complétez le formulaire puis déposez-la."))
                    return HttpResponseRedirect(url)
            elif action == "answer":
                form = forms["answer"] = AnswerForm(request.POST, auto_id="answer_%s")
                if form.is_valid():
                    services.answer(item_id=item_id, actor=request.user, body=form.cleaned_data["body"])
                    messages.success(request, _("Réponse envoyée à l'expéditeur."))
                    return HttpResponseRedirect(here)
            elif action == "ignore":
                form = forms["ignore"] = IgnoreForm(request.POST, auto_id="ignore_%s")
                if form.is_valid():
                    services.ignore(item_id=item_id, actor=request.user, reason=form.cleaned_data["reason"])
                    messages.success(request, _("Courriel classé sans suite."))
                    return HttpResponseRedirect(here)
            else:
                messages.error(request, _("Action inconnue."))
        except services.NotFound:
            raise Http404 from None
        except services.InboxError as error:
            messages.error(request, error.message)
        if any(f.errors for f in forms.values()):
            messages.error(request, _("L'action n'a pas été faite : corrigez les erreurs signalées."))
        return self.render(request, self._read(request, item_id), forms, status=400)

    def get_page_title(self) -> str:
        return str(getattr(self, "item", "") or _("Courriel reçu"))

    def render(
        self, request: HttpRequest, item: InboundMessage, forms: dict[str, Any], *, status: int = 200
    ) -> HttpResponse:
        if item.status == Status.CONVERTED and not item.request_reference:
            if reference := services.link_converted_request(item_id=item.pk):
                item.request_reference = reference
        self.item = item
        is_new = item.status == Status.NEW
        context = self.get_context_data(
            item=item,
            is_new=is_new,
            attachments=list(enumerate(item.attachments, start=1)),
            convert_form=forms.get("convert")
            or (ConvertForm(services=assisted_services(self.tenant), auto_id="convert_%s") if is_new else None),
            answer_form=forms.get("answer") or AnswerForm(auto_id="answer_%s"),
            ignore_form=forms.get("ignore") or IgnoreForm(auto_id="ignore_%s"),
            list_url=reverse("inbox_admin:list"),
        )
        return render(request, self.template_name, context, status=status)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("inbox_admin:list"), "label": _("Courriels reçus")},
            {"url": "", "label": self.get_page_title()},
        ]


class DownloadView(_AgentMixin, View):
    """The original .eml (no `index`) or one attachment of an item of this tenant."""

    def get(self, request: HttpRequest, item_id: int, index: int | None = None) -> HttpResponseBase:
        try:
            found = services.record_file_read(item_id=item_id, actor=request.user, index=index)
        except services.NotFound:
            raise Http404 from None
        try:
            handle = storages["private"].open(found.path)
        except (OSError, ValueError):
            raise Http404 from None
        content_type = found.content_type
        if content_type == "application/octet-stream":
            content_type = mimetypes.guess_type(found.name)[0] or content_type
        response = FileResponse(handle, as_attachment=True, filename=found.name, content_type=content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "sandbox"
        return response


class SettingsView(_AgentMixin, WagtailAdminTemplateMixin, View):
    admin_only = True
    template_name = "inbox/admin/settings.html"
    page_title = gettext_lazy("Boîte de réception")
    header_icon = "cog"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        # The header's trail names the page (without it Wagtail shows only "Accueil").
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    @staticmethod
    def _initial(row: MailboxSettings | None) -> dict[str, Any]:
        if row is None:
            return {}
        return {
            "enabled": row.enabled,
            "host": row.host,
            "port": row.port,
            "tls_mode": row.tls_mode,
            "username": row.username,
            "folder": row.folder,
            "webhook_enabled": row.webhook_enabled,
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        row = lookups.mailbox_settings()
        return self.render(request, SettingsForm(initial=self._initial(row), auto_id="mbx_%s"), row)

    def post(self, request: HttpRequest) -> HttpResponse:
        action = request.POST.get("action", "save")
        here = reverse("inbox_admin:settings")
        try:
            if action == "token":
                services.new_webhook_token(actor=request.user)
                messages.success(request, _("Nouvelle adresse de webhook créée : l'ancienne ne fonctionne plus."))
                return HttpResponseRedirect(here)
            form = SettingsForm(request.POST, auto_id="mbx_%s")
            if form.is_valid():
                data = dict(form.cleaned_data)
                services.save_settings(
                    actor=request.user,
                    password=data.pop("password"),
                    forget_password=data.pop("forget_password"),
                    **data,
                )
                messages.success(request, _("Réglages de la boîte de réception enregistrés."))
                if action == "test":  # "Enregistrer et tester la connexion"
                    result = services.check_connection(actor=request.user)
                    if result.ok:
                        messages.success(
                            request,
                            _("Connexion réussie : %(count)s message(s) non lu(s) dans le dossier.")
                            % {"count": result.fetched},
                        )
                    else:
                        messages.error(request, _("Échec de la connexion : %(error)s") % {"error": result.error})
                return HttpResponseRedirect(here)
            messages.error(request, _("Les réglages n'ont pas été enregistrés : corrigez les erreurs signalées."))
        except services.InboxError as error:
            messages.error(request, error.message)
            form = SettingsForm(request.POST, auto_id="mbx_%s")
            form.is_valid()
        return self.render(request, form, lookups.mailbox_settings(), status=400)

    def render(
        self, request: HttpRequest, form: SettingsForm, row: MailboxSettings | None, *, status: int = 200
    ) -> HttpResponse:
        webhook_url = ""
        if row is not None:
            webhook_url = request.build_absolute_uri(reverse("inbox:webhook", args=[row.webhook_token]))
        context = self.get_context_data(
            form=form, row=row, webhook_url=webhook_url, list_url=reverse("inbox_admin:list")
        )
        return render(request, self.template_name, context, status=status)
