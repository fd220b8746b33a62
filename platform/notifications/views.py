"""Admin screens of a tenant: "Envois" (the outbox, read only), "Modèles de messages"
(the tenant's wording of each event) and "Expéditeur des messages"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from guichet.roles import api as roles_api

from . import events, rendering, services
from .forms import SettingsForm as SenderForm
from .forms import TemplateForm
from .models import Channel, NotificationSettings, NotificationTemplate, OutboxMessage, Status

AGENT_GROUP = "Agents"
PAGE_SIZE = 50


def may_edit_messages(user: Any) -> bool:
    """The tenant's administrators and the operator."""
    return roles_api.is_tenant_admin(user)


def may_see_deliveries(user: Any) -> bool:
    """Administrators and agents of the current schema (memberships are per schema)."""
    if roles_api.is_tenant_admin(user):
        return True
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and user.groups.filter(name=AGENT_GROUP).exists()
    )


def is_site_tenant(request: HttpRequest) -> bool:
    tenant = getattr(request, "tenant", None)
    return tenant is not None and tenant.kind in ("epci", "commune")


class _Gate:
    check = staticmethod(may_edit_messages)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_site_tenant(request):
            raise Http404
        if not self.check(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class OutboxListView(_Gate, WagtailAdminTemplateMixin, TemplateView):
    check = staticmethod(may_see_deliveries)
    template_name = "notifications/admin/outbox.html"
    page_title = gettext_lazy("Envois")
    header_icon = "mail"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        rows = OutboxMessage.objects.order_by("-created_at", "-pk")
        status = params.get("status", "")
        channel = params.get("channel", "")
        query = params.get("q", "").strip()[:254]
        if status in Status.values:
            rows = rows.filter(status=status)
        if channel in Channel.values:
            rows = rows.filter(channel=channel)
        if query:
            rows = rows.filter(to__icontains=query)
        page = Paginator(rows.defer("body_text", "body_html"), PAGE_SIZE).get_page(params.get("page"))
        context.update(
            page=page,
            rows=[(row, events.label_of(row.event)) for row in page.object_list],
            statuses=Status.choices,
            channels=Channel.choices,
            status=status,
            channel=channel,
            query=query,
        )
        return context


class OutboxDetailView(_Gate, WagtailAdminTemplateMixin, TemplateView):
    check = staticmethod(may_see_deliveries)
    template_name = "notifications/admin/outbox_detail.html"
    header_icon = "mail"

    def get_page_title(self) -> str:
        return _("Envoi n° %(id)s") % {"id": self.kwargs["pk"]}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        message = get_object_or_404(OutboxMessage, pk=self.kwargs["pk"])
        context.update(message=message, event_label=events.label_of(message.event))
        return context


class TemplateListView(_Gate, WagtailAdminTemplateMixin, TemplateView):
    template_name = "notifications/admin/templates.html"
    page_title = gettext_lazy("Modèles de messages")
    header_icon = "mail"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        overridden = set(NotificationTemplate.objects.values_list("event", flat=True))
        context["entries"] = [(event, event.code in overridden) for event in events.all_events()]
        return context


class TemplateEditView(_Gate, WagtailAdminTemplateMixin, FormView):
    template_name = "notifications/admin/template_form.html"
    form_class = TemplateForm
    header_icon = "mail"

    def _event(self) -> events.Event:
        event = events.get(self.kwargs["event"])
        if event is None:
            raise Http404
        return event

    def get_page_title(self) -> str:
        return self._event().label

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "event": self._event()}

    def get_initial(self) -> dict[str, Any]:
        row = NotificationTemplate.objects.filter(event=self._event().code).first()
        return {"subject": row.subject, "body": row.body, "sms_text": row.sms_text} if row else {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            event=self._event(),
            markers=[f"{{{{ {name} }}}}" for name in self._event().allowed_placeholders],
            action_url=self.request.path,
            submit_button_label=_("Enregistrer le modèle"),
        )
        return context

    def form_valid(self, form: TemplateForm) -> HttpResponse:
        kept = services.save_template(event=self._event().code, actor=self.request.user, **form.cleaned_data)
        if kept:
            messages.success(self.request, _("Modèle enregistré : les prochains messages l'utiliseront."))
        else:
            messages.success(self.request, _("Les textes proposés par la plateforme sont rétablis."))
        return redirect("notifications_admin:templates")

    def form_invalid(self, form: TemplateForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SenderSettingsView(_Gate, WagtailAdminTemplateMixin, FormView):
    template_name = "wagtailadmin/generic/form.html"
    form_class = SenderForm
    page_title = gettext_lazy("Expéditeur des messages")
    header_icon = "mail"

    def get_initial(self) -> dict[str, Any]:
        row = NotificationSettings.objects.filter(pk=1).first()
        if row is None:
            return {"sms_daily_cap": rendering.sender().sms_daily_cap}
        return {"sender_name": row.sender_name, "reply_to": row.reply_to, "sms_daily_cap": row.sms_daily_cap}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(action_url=self.request.path, submit_button_label=_("Enregistrer"))
        return context

    def form_valid(self, form: SenderForm) -> HttpResponse:
        services.save_settings(actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Réglages de l'expéditeur enregistrés."))
        return redirect("notifications_admin:sender")

    def form_invalid(self, form: SenderForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)
