"""The agents' back office in the tenant's Wagtail admin ("Demandes").

- `/admin/demandes/`: the work queue (filters and sort by GET, 50 a page, bulk assignment).
- `/admin/demandes/<id>/`: a request — identification, answers, files, timeline with the
  internal events, messages, internal notes, correction, documents and their email
  deliveries — and the agent's actions, each a POST calling one services function.
- `/admin/demandes/<id>/fichiers/<file_id>/`, `…/documents/<doc_id>/`: downloads, checked
  and audited.

Only the current tenant's agents and administrators (`roles_api.is_tenant_agent`) get in;
every read of a request is audited by `services.record_read` (R-RGPD-5). The views only
read; every write goes through `casework.services`, which refuses what the state or the
actor does not allow even when a form is forged.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import CharField, F, Func, Q, QuerySet, Value
from django.db.models.functions import Concat, Lower
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from guichet.notifications import api as notifications
from guichet.roles import api as roles_api

from . import daily_clock, lookups, services
from .admin_forms import (
    OPEN,
    SORTS,
    AssignForm,
    BulkAssignForm,
    CorrectionForm,
    DecisionForm,
    MessageForm,
    NoteForm,
    QueueFilterForm,
)
from .models import OPEN_STATES, Request, State
from .views import answers_of, stream_private_file

PER_PAGE = 50
ACCENTS = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿœæ"
PLAIN = "aaaaaaceeeeiiiinooooouuuuyyoa"  # œ/æ: first letter is enough to find a name


def may_process_requests(request: HttpRequest) -> bool:
    tenant = getattr(request, "tenant", None)
    return tenant is not None and tenant.kind in ("epci", "commune") and roles_api.is_tenant_agent(request.user)


class _AgentMixin:
    """EPCI and communes only (404 elsewhere); the tenant's agents only (403)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        tenant = getattr(request, "tenant", None)
        if tenant is None or tenant.kind not in ("epci", "commune"):
            raise Http404
        if not roles_api.is_tenant_agent(request.user):
            # A real 403 (Wagtail turns a PermissionDenied into a redirect to the dashboard).
            return render(request, "casework/admin/forbidden.html", status=403)
        self.tenant = tenant
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def _plain(text: str) -> str:
    """Lower case without accents, as `_plain_sql` does in the database."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _plain_sql(expression: Any) -> Lower:
    """translate() before lower(): lower() leaves "É" as is under the C collation."""
    unaccented = Func(
        expression,
        Value(ACCENTS + ACCENTS.upper()),
        Value(PLAIN + PLAIN.upper()),
        function="translate",
        output_field=CharField(),
    )
    return Lower(unaccented)


def _error_text(error: services.CaseworkError) -> str:
    return " ".join(str(m) for m in error.messages)


# --- Read-only queries --------------------------------------------------------------------


def service_choices() -> list[tuple[str, str]]:
    """(slug, title) of the services this tenant has requests for, by title."""
    rows = Request.objects.order_by("service_title").values_list("service_slug", "service_title").distinct()
    seen: dict[str, str] = {}
    for slug, title in rows:
        seen.setdefault(slug, title)
    return sorted(seen.items(), key=lambda item: item[1])


def filtered_requests(form: QueueFilterForm, user: Any, *, today: dt.date) -> QuerySet[Request]:
    requests = Request.objects.exclude(state=State.DRAFT).select_related("assigned_to", "team")
    state = form.value("etat")
    if state == OPEN:
        requests = requests.filter(state__in=OPEN_STATES)
    elif state:
        requests = requests.filter(state=state)
    if service := form.value("demarche"):
        requests = requests.filter(service_slug=service)
    if channel := form.value("canal"):
        requests = requests.filter(channel=channel)
    if team := form.value("equipe"):
        requests = requests.filter(team=team)
    if form.value("mes"):
        requests = requests.filter(assigned_to=user)
    if form.value("retard"):
        requests = requests.filter(state__in=OPEN_STATES, decision_due_on__lt=today)
    if form.value("proches"):
        days = form.value("jours", daily_clock.warning_days())
        requests = requests.filter(
            state__in=OPEN_STATES, decision_due_on__gte=today, decision_due_on__lte=today + dt.timedelta(days=days)
        )
    if query := form.value("q"):
        requests = requests.annotate(
            plain_name=_plain_sql(Concat(F("first_name"), Value(" "), F("last_name"), output_field=CharField()))
        )
        for term in query.split()[:5]:
            requests = requests.filter(Q(reference__icontains=term) | Q(plain_name__contains=_plain(term)))
    order = SORTS.get(form.value("tri", "-depot"), SORTS["-depot"])
    if order[0] == "decision_due_on":
        return requests.order_by(F("decision_due_on").asc(nulls_last=True), *order[1:])
    return requests.order_by(*order)


def due_status(req: Request, *, today: dt.date, days: int) -> str:
    """ "overdue", "soon" (within `days`) or "" — for an open request with a silence clock."""
    if req.decision_due_on is None or req.state not in OPEN_STATES:
        return ""
    if req.decision_due_on < today:
        return "overdue"
    return "soon" if req.decision_due_on <= today + dt.timedelta(days=days) else ""


# --- The work queue -------------------------------------------------------------------------


class QueueView(_AgentMixin, WagtailAdminTemplateMixin, View):
    template_name = "casework/admin/queue.html"
    page_title = gettext_lazy("Demandes")
    header_icon = "clipboard-list"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(request, BulkAssignForm(auto_id="bulk_%s"))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = BulkAssignForm(request.POST, auto_id="bulk_%s")
        back = reverse("casework_admin:queue") + self._query_string(request.POST.get("retour", ""))
        if not form.is_valid():
            for error in form.non_field_errors():
                messages.error(request, str(error))
            for name in ("agent", "team"):
                for error in form.errors.get(name, []):
                    messages.error(request, f"{form.fields[name].label} : {error}")
            return self.render(request, form, status=400)
        agent_id, team_id = form.ids()
        try:
            count = services.assign(
                request_ids=form.cleaned_data["request_ids"], actor=request.user, agent_id=agent_id, team_id=team_id
            )
        except services.CaseworkError as error:
            messages.error(request, _error_text(error))
            return self.render(request, form, status=400)
        messages.success(request, _("%(count)s demande(s) attribuée(s).") % {"count": count})
        return HttpResponseRedirect(back)

    @staticmethod
    def _query_string(raw: str) -> str:
        """The queue's filters to come back to, as a query string (only ours, re-encoded)."""
        from django.http import QueryDict

        params = QueryDict(raw[:2000])
        kept = [(k, v) for k, v in params.lists() if k in QueueFilterForm.base_fields or k == "page"]
        flat = [(k, item) for k, values in kept for item in values]
        return f"?{urlencode(flat)}" if flat else ""

    def render(self, request: HttpRequest, assign_form: BulkAssignForm, *, status: int = 200) -> HttpResponse:
        today = timezone.localdate()
        filters = QueueFilterForm(request.GET, services=service_choices())
        days = filters.value("jours", daily_clock.warning_days())
        requests = filtered_requests(filters, request.user, today=today)
        page = Paginator(requests, PER_PAGE).get_page(request.GET.get("page"))
        rows = [(req, due_status(req, today=today, days=days)) for req in page.object_list]
        params = request.GET.copy()
        params.pop("page", None)
        context = self.get_context_data(
            filters=filters,
            page=page,
            rows=rows,
            days=days,
            assign_form=assign_form,
            checked={str(v) for v in request.POST.getlist("demandes")} if request.method == "POST" else set(),
            page_query=params.urlencode(),
            here_query=request.GET.urlencode(),
            show_origin=self.tenant.kind == "epci",
            filtered=bool(request.GET.keys() - {"page"}),
        )
        return render(request, self.template_name, context, status=status)


# --- One request ------------------------------------------------------------------------------


ACTIONS = ("start", "assign", "note", "message", "correction", "decide")


class RequestView(_AgentMixin, WagtailAdminTemplateMixin, View):
    template_name = "casework/admin/request.html"
    header_icon = "clipboard-list"

    def _read(self, request: HttpRequest, request_id: int) -> Request:
        try:
            return services.record_read(request_id=request_id, actor=request.user)
        except services.NotAllowed:
            raise PermissionDenied from None
        except services.CaseworkError:
            raise Http404 from None

    def get(self, request: HttpRequest, request_id: int) -> HttpResponse:
        req = self._read(request, request_id)
        return self.render(request, req, {})

    def post(self, request: HttpRequest, request_id: int) -> HttpResponse:
        if not Request.objects.filter(pk=request_id).exists():
            raise Http404
        action = request.POST.get("action", "")
        here = reverse("casework_admin:request", args=[request_id])
        forms: dict[str, Any] = {}
        try:
            done = self._act(request, request_id, action, forms)
        except services.NotAllowed:
            raise PermissionDenied from None
        except services.CaseworkError as error:
            messages.error(request, _error_text(error))
            done = None
        if done:
            messages.success(request, done)
            return HttpResponseRedirect(here)
        if any(f.errors for f in forms.values()):
            messages.error(request, _("L'action n'a pas été faite : corrigez les erreurs signalées."))
        req = self._read(request, request_id)
        return self.render(request, req, forms, status=400)

    def _act(self, request: HttpRequest, request_id: int, action: str, forms: dict[str, Any]) -> str | None:
        """Run one action; its success message, or None (bound form with errors in `forms`)."""
        actor = request.user
        form: Any
        if action == "start":
            services.start_processing(request_id=request_id, actor=actor)
            return _("Instruction commencée : la demande vous est attribuée si personne ne l'était.")
        if action == "assign":
            form = forms["assign"] = AssignForm(request.POST, auto_id="assign_%s")
            if form.is_valid():
                agent_id, team_id = form.ids()
                services.assign(request_ids=[request_id], actor=actor, agent_id=agent_id, team_id=team_id)
                return _("Attribution enregistrée.")
        elif action == "note":
            form = forms["note"] = NoteForm(request.POST, auto_id="note_%s")
            if form.is_valid():
                services.add_note(request_id=request_id, actor=actor, body=form.cleaned_data["body"])
                return _("Note interne ajoutée.")
        elif action == "message":
            form = forms["message"] = MessageForm(request.POST, request.FILES, auto_id="message_%s")
            if form.is_valid():
                upload = form.cleaned_data["attachment"]
                services.send_message(
                    request_id=request_id,
                    actor=actor,
                    body=form.cleaned_data["body"],
                    uploads=[upload] if upload else [],
                )
                return _("Message envoyé à l'usager.")
        elif action == "correction":
            form = forms["correction"] = CorrectionForm(request.POST, auto_id="correction_%s")
            if form.is_valid():
                services.request_correction(request_id=request_id, actor=actor, **form.cleaned_data)
                return _("Correction demandée : l'usager est prévenu par courriel.")
        elif action == "decide":
            form = forms["decide"] = DecisionForm(request.POST, auto_id="decide_%s")
            if form.is_valid():
                services.decide(
                    request_id=request_id,
                    actor=actor,
                    outcome=form.cleaned_data["outcome"],
                    reason=form.cleaned_data["reason"],
                )
                return _("Décision enregistrée : le courrier de décision est envoyé à l'usager.")
        else:
            messages.error(request, _("Action inconnue."))
        return None

    def get_page_title(self) -> str:
        return str(getattr(self, "req", "") or _("Demande"))

    def render(self, request: HttpRequest, req: Request, forms: dict[str, Any], *, status: int = 200) -> HttpResponse:
        self.req = req
        today = timezone.localdate()
        documents = list(req.documents.all())
        deliveries = notifications.deliveries(f"request:{req.pk}")
        by_outbox = {d.id: d for d in deliveries}
        receipt_sent_at = lookups.receipt_sent_at(req, deliveries=by_outbox)
        assign_initial = {"agent": str(req.assigned_to_id or ""), "team": req.team_id}
        context = self.get_context_data(
            req=req,
            answers=answers_of(req),
            answer_files=list(req.files.filter(question_key__gt="")),
            originals=list(req.files.filter(kind="original")),
            events=list(req.events.all()),
            messages_list=list(req.messages.prefetch_related("files")),
            notes=list(req.notes.all()),
            corrections=list(req.corrections.prefetch_related("files")),
            pending_correction=req.corrections.filter(resolved_at__isnull=True).first(),
            documents=[(d, by_outbox.get(d.outbox_id or 0)) for d in documents],
            deliveries=deliveries,
            receipt_sent=receipt_sent_at is not None,
            receipt_sent_at=receipt_sent_at,
            due=due_status(req, today=today, days=daily_clock.warning_days()),
            can_start=req.state == State.SUBMITTED,
            can_assign=req.state in OPEN_STATES,
            can_correct=req.state in (State.SUBMITTED, State.IN_PROCESSING),
            can_decide=req.state in OPEN_STATES,
            assign_form=forms.get("assign") or AssignForm(initial=assign_initial, auto_id="assign_%s"),
            note_form=forms.get("note") or NoteForm(auto_id="note_%s"),
            message_form=forms.get("message") or MessageForm(auto_id="message_%s"),
            correction_form=forms.get("correction") or CorrectionForm(auto_id="correction_%s"),
            decide_form=forms.get("decide") or DecisionForm(auto_id="decide_%s"),
            show_origin=req.origin_schema != self.tenant.schema_name,
            queue_url=reverse("casework_admin:queue"),
        )
        return render(request, self.template_name, context, status=status)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("casework_admin:queue"), "label": _("Demandes")},
            {"url": "", "label": self.get_page_title()},
        ]


class DownloadView(_AgentMixin, View):
    """A citizen's or an agent's file, or an issued document, of this request only."""

    kind = "file"

    def get(self, request: HttpRequest, request_id: int, item_id: int) -> HttpResponseBase:
        try:
            found = services.record_file_read(
                request_id=request_id, kind=self.kind, item_id=item_id, actor=request.user
            )
        except services.NotAllowed:
            raise PermissionDenied from None
        except services.CaseworkError:
            raise Http404 from None
        return stream_private_file(self.tenant.schema_name, found.path, found.name)
