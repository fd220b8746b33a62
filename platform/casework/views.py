"""The citizen's request page: through the tracking link (no account needed) or from
"Mes demandes" when signed in. Status, timeline, messages, the correction to answer, the
documents to download. Works without JavaScript.

The request may live in the EPCI's schema (a shared service asked on this commune's
site): the page reads it there, only when its origin is this site.
"""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import storages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_tenants.utils import schema_context

from services_catalog import api as catalogue_api

from . import lookups, services
from .forms import CitizenMessageForm, CorrectionAnswerForm
from .models import Request, State

STEPS = [
    (State.SUBMITTED, gettext_lazy("Déposée")),
    (State.IN_PROCESSING, gettext_lazy("En cours d'instruction")),
    ("decided", gettext_lazy("Décision")),
]


def _site(request: HttpRequest) -> services.Site:
    tenant = getattr(request, "tenant", None)
    site = services.Site.of_schema(tenant.schema_name) if tenant and tenant.kind in ("epci", "commune") else None
    if site is None:
        raise Http404
    return site


def _not_found(request: HttpRequest) -> HttpResponse:
    """One answer for a wrong, malformed or expired tracking code (nothing to learn from it)."""
    return render(request, "casework/link_invalid.html", status=404)


def answers_of(req: Request) -> list[dict[str, Any]]:
    """The request's answers, with the questions of the version the citizen filled."""
    return [{"title": p.title, "items": p.rows} for p in catalogue_api.answered_pages(req.form_schema, req.answers)]


def _progress(req: Request) -> int:
    if req.is_final:
        return 3
    return 2 if req.state in (State.IN_PROCESSING, State.AWAITING_CITIZEN) else 1


def _page(request: HttpRequest, schema: str, request_id: int, base: str) -> HttpResponse:
    """The request page, and its two citizen actions (message, correction answer)."""
    with schema_context(schema):
        message_form = CitizenMessageForm()
        correction_form = CorrectionAnswerForm()
        status = 200
        if request.method == "POST":
            action = request.POST.get("action")
            try:
                if action == "message":
                    message_form = CitizenMessageForm(request.POST, request.FILES)
                    if message_form.is_valid():
                        upload = message_form.cleaned_data["attachment"]
                        services.citizen_message(
                            request_id=request_id,
                            body=message_form.cleaned_data["body"],
                            uploads=[upload] if upload else [],
                        )
                        messages.success(request, _("Votre message a été transmis au service."))
                        return HttpResponseRedirect(base)
                elif action == "correction":
                    correction_form = CorrectionAnswerForm(request.POST, request.FILES)
                    if correction_form.is_valid():
                        upload = correction_form.cleaned_data["attachment"]
                        services.answer_correction(
                            request_id=request_id,
                            answer=correction_form.cleaned_data["answer"],
                            uploads=[upload] if upload else [],
                        )
                        messages.success(request, _("Votre réponse a été transmise : l'instruction reprend."))
                        return HttpResponseRedirect(base)
                else:
                    messages.error(request, _("Action inconnue."))
            except services.CaseworkError as error:
                messages.error(request, " ".join(error.messages))
            status = 400
        req = Request.objects.get(pk=request_id)
        context = {
            "req": req,
            "base": base,
            "answers": answers_of(req),
            "events": list(req.events.filter(public=True)),
            "messages_list": list(req.messages.prefetch_related("files")),
            "correction": req.corrections.filter(resolved_at__isnull=True).first(),
            "documents": list(req.documents.all()),
            "files": list(req.files.filter(question_key__gt="")),
            "progress": _progress(req),
            "steps": STEPS,
            "message_form": message_form,
            "correction_form": correction_form,
            "handler_is_epci": schema != request.tenant.schema_name,  # type: ignore[attr-defined]
        }
        return render(request, "casework/request_page.html", context, status=status)


def stream_private_file(schema: str, path: str, filename: str) -> FileResponse:
    with schema_context(schema):
        handle = storages["private"].open(path)
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _download(schema: str, request_id: int, kind: str, item_id: int) -> FileResponse:
    with schema_context(schema):
        found = lookups.stored_file(request_id=request_id, kind=kind, item_id=item_id)
    if found is None:
        raise Http404
    return stream_private_file(schema, found.path, found.name)


# --- Through the tracking link ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest, code: str) -> HttpResponse:
    found = lookups.find_by_tracking_code(site=_site(request), code=code)
    if found is None:
        return _not_found(request)
    return _page(request, found[0], found[1], request.path)


def track_download(request: HttpRequest, code: str, kind: str, item_id: int) -> HttpResponseBase:
    found = lookups.find_by_tracking_code(site=_site(request), code=code)
    if found is None:
        return _not_found(request)
    return _download(found[0], found[1], kind, item_id)


# --- Signed in -------------------------------------------------------------------------------


@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    rows = lookups.citizen_requests(site=_site(request), user_id=int(request.user.pk or 0))
    return render(request, "casework/my_requests.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def my_request(request: HttpRequest, reference: str) -> HttpResponse:
    found = lookups.citizen_request(site=_site(request), user_id=int(request.user.pk or 0), reference=reference[:24])
    if found is None:
        raise Http404
    return _page(request, found[0], found[1], request.path)


@login_required
def my_download(request: HttpRequest, reference: str, kind: str, item_id: int) -> HttpResponseBase:
    found = lookups.citizen_request(site=_site(request), user_id=int(request.user.pk or 0), reference=reference[:24])
    if found is None:
        raise Http404
    return _download(found[0], found[1], kind, item_id)
