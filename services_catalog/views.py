"""The catalogue on each site: index by category with search, a page per service, and
its form page by page, with a review page. Works without JavaScript; the draft is kept
in the session (of this site) between pages, uploaded files in private storage."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.files.storage import storages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guichet.casework import api as casework_api

from . import api
from .engine import StepForm, answered_pages, display_value, visible_pages

DRAFTS = "demarches"


def _tenant(request: HttpRequest) -> Any:
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.kind not in ("epci", "commune"):
        raise Http404
    return tenant


def index(request: HttpRequest) -> HttpResponse:
    tenant = _tenant(request)
    entries = api.catalogue(tenant)
    query = request.GET.get("q", "").strip()[:100]
    found = api.search(entries, query)
    return render(
        request,
        "services_catalog/index.html",
        {"categories": api.by_category(found), "query": query, "count": len(found), "total": len(entries)},
    )


def _detail(request: HttpRequest, slug: str) -> api.ServiceDetail:
    detail = api.service_detail(_tenant(request), slug)
    if detail is None:
        raise Http404
    return detail


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    service = _detail(request, slug)
    return render(request, "services_catalog/detail.html", {"service": service, "blocked": _blocked(request, service)})


def _blocked(request: HttpRequest, service: api.ServiceDetail) -> str:
    """Why this visitor cannot fill the form online yet ("" if they can)."""
    if service.eligibility == "franceconnect":
        return _(
            "Cette démarche demande une identité vérifiée par FranceConnect, qui n'est pas encore proposé sur ce "
            "site. Vous pouvez la faire au guichet ou contacter le service ci-dessous."
        )
    if service.eligibility == "signed_in" and not request.user.is_authenticated:
        return "login"
    return ""


# --- The draft -----------------------------------------------------------------------------


def _draft(request: HttpRequest, service: api.ServiceDetail) -> dict[str, Any]:
    drafts: dict[str, Any] = request.session.setdefault(DRAFTS, {})
    draft = drafts.get(service.entry.key)
    if draft is None or draft.get("version_id") != service.version_id:
        if draft is not None:
            messages.info(
                request, _("Le formulaire a été mis à jour depuis votre dernière visite : vérifiez vos réponses.")
            )
        keys = {i["key"] for p in service.schema["pages"] for i in p["items"] if "key" in i}
        answers = {k: v for k, v in (draft or {}).get("answers", {}).items() if k in keys}
        draft = {"version_id": service.version_id, "answers": answers}
        drafts[service.entry.key] = draft
        request.session.modified = True
    return draft


def _save_draft(request: HttpRequest, service: api.ServiceDetail, draft: dict[str, Any]) -> None:
    request.session[DRAFTS][service.entry.key] = draft
    request.session.modified = True


def _store_upload(upload: Any, kind: str) -> dict[str, Any]:
    extension = {"jpeg": "jpg"}.get(kind, kind)
    name = storages["private"].save(f"brouillons/{uuid.uuid4().hex}.{extension}", upload)
    return {"name": upload.name[:150], "path": name, "size": upload.size, "type": kind}


def _step_url(slug: str, number: int) -> str:
    return reverse("services_catalog:step", kwargs={"slug": slug, "number": number})


# --- Form pages ----------------------------------------------------------------------------


def start(request: HttpRequest, slug: str) -> HttpResponse:
    service = _detail(request, slug)
    pages = visible_pages(service.schema, _draft(request, service)["answers"])
    return HttpResponseRedirect(_step_url(slug, pages[0] + 1))


def _group_counts(request: HttpRequest, form_items: list[Any]) -> tuple[dict[str, int], bool]:
    """Repetitions asked by "Ajouter" / "Retirer" buttons (no JavaScript needed)."""
    counts: dict[str, int] = {}
    changed = False
    for item in form_items:
        if item.get("type") != "group":
            continue
        key = item["key"]
        try:
            count = int(request.POST.get(f"{key}__count", item["min_items"] or 1))
        except ValueError:
            count = item["min_items"] or 1
        if request.POST.get("ajouter") == key:
            count, changed = count + 1, True
        if request.POST.get("retirer") == key:
            count, changed = count - 1, True
        counts[key] = max(min(count, item["max_items"]), item["min_items"], 0)
    return counts, changed


@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    service = _detail(request, slug)
    blocked = _blocked(request, service)
    if blocked == "login":
        return HttpResponseRedirect(f"{reverse('accounts:login')}?next={request.path}")
    if blocked:
        return HttpResponseRedirect(reverse("services_catalog:detail", kwargs={"slug": slug}))
    draft = _draft(request, service)
    pages = visible_pages(service.schema, draft["answers"])
    index = number - 1
    if index not in pages:
        return HttpResponseRedirect(_step_url(slug, pages[0] + 1))
    page = service.schema["pages"][index]
    if request.method == "POST":
        counts, regroup = _group_counts(request, page["items"])
        if regroup:
            form = StepForm(schema=service.schema, page_index=index, answers=draft["answers"], group_counts=counts)
            form.initial.update({k: v for k, v in request.POST.items() if k in form.fields})
        else:
            form = StepForm(
                schema=service.schema,
                page_index=index,
                answers=draft["answers"],
                data=request.POST,
                files=request.FILES,
                group_counts=counts,
            )
            if form.is_valid():
                answers = {**draft["answers"]}
                for key, value in form.cleaned_data["answers"].items():
                    if value is None:
                        answers.pop(key, None)
                    else:
                        answers[key] = value
                for key, (upload, kind) in form.uploads.items():
                    answers[key] = _store_upload(upload, kind)
                draft["answers"] = answers
                _save_draft(request, service, draft)
                following = [p for p in visible_pages(service.schema, answers) if p > index]
                if "verification" in request.POST or not following:
                    return HttpResponseRedirect(reverse("services_catalog:review", kwargs={"slug": slug}))
                return HttpResponseRedirect(_step_url(slug, following[0] + 1))
    else:
        form = StepForm(schema=service.schema, page_index=index, answers=draft["answers"])
    position = pages.index(index) + 1
    previous = [p for p in pages if p < index]
    return render(
        request,
        "services_catalog/step.html",
        {
            "service": service,
            "form": form,
            "page": page,
            "position": position,
            "page_count": len(pages),
            "previous_url": _step_url(slug, previous[-1] + 1) if previous else "",
        },
        status=400 if request.method == "POST" and form.is_bound and form.errors else 200,
    )


def _review_sections(service: api.ServiceDetail, answers: dict[str, Any], slug: str) -> tuple[list[Any], bool]:
    pages = answered_pages(service.schema, answers)
    sections = [{"title": p.title, "url": _step_url(slug, p.index + 1), "rows": p.rows} for p in pages]
    return sections, any(p.missing for p in pages)


SUBMITTED = "demarches_deposees"


# The identity questions every starter form opens with (starter/_blocks.py, `_identity`): their answers
# prefill the identification, so that nothing is asked twice (R-SVE-1).
IDENTITY_KEYS = {"last_name": "nom", "first_name": "prenom", "email": "courriel", "phone": "telephone"}


def _identity_initial(request: HttpRequest, service: api.ServiceDetail, answers: dict[str, Any]) -> dict[str, str]:
    user = request.user
    initial: dict[str, str] = {}
    if user.is_authenticated:
        initial = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email}  # type: ignore[union-attr]
    for field, key in IDENTITY_KEYS.items():
        if isinstance(answers.get(key), str) and answers[key]:
            initial[field] = answers[key]
    address = next(
        (
            i
            for p in service.schema["pages"]
            for i in p["items"]
            if i.get("type") == "address" and answers.get(i["key"])
        ),
        None,
    )
    if address is not None:
        initial["postal_address"] = display_value(address, answers[address["key"]])
    return initial


def _submit(request: HttpRequest, service: api.ServiceDetail, draft: dict[str, Any], form: Any) -> HttpResponse | None:
    try:
        key = uuid.UUID(request.POST.get("submission_key", ""))
    except ValueError:
        messages.error(
            request, _("Ce formulaire d'envoi n'est plus valide : vérifiez vos réponses et envoyez à nouveau.")
        )
        return None
    done = request.session.get(SUBMITTED, {})
    if str(key) in done:  # a second click after the first one went through
        return HttpResponseRedirect(reverse("casework:track", kwargs={"code": done[str(key)]}))
    here = casework_api.Site.of_schema(_tenant(request).schema_name)
    handler = casework_api.Site.of_schema(service.entry.handler_schema)
    if here is None or handler is None:
        raise Http404
    result = casework_api.submit_request(
        service=casework_api.ServiceVersion.of(service),
        answers=draft["answers"],
        identity=casework_api.Identity(**form.cleaned_data),
        origin=here,
        handler=handler,
        submission_key=key,
        citizen=request.user,
    )
    request.session[DRAFTS].pop(service.entry.key, None)
    request.session[SUBMITTED] = {**done, str(key): result.tracking_code}
    request.session.modified = True
    messages.success(
        request,
        _(
            "Votre demande a été enregistrée sous la référence %(reference)s. Un accusé d'enregistrement et un accusé "
            "de réception vous sont envoyés par courriel."
        )
        % {"reference": result.reference},
    )
    return HttpResponseRedirect(reverse("casework:track", kwargs={"code": result.tracking_code}))


def _kept_key(request: HttpRequest) -> uuid.UUID:
    """The same key after an error (a resubmission stays idempotent), a new one if it was forged."""
    try:
        return uuid.UUID(request.POST.get("submission_key", ""))
    except ValueError:
        return uuid.uuid4()


@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, slug: str) -> HttpResponse:
    service = _detail(request, slug)
    if _blocked(request, service):
        return HttpResponseRedirect(reverse("services_catalog:detail", kwargs={"slug": slug}))
    if request.method == "POST":
        done = request.session.get(SUBMITTED, {})
        if request.POST.get("submission_key", "") in done:
            return HttpResponseRedirect(
                reverse("casework:track", kwargs={"code": done[request.POST["submission_key"]]})
            )
    draft = _draft(request, service)
    sections, missing = _review_sections(service, draft["answers"], slug)
    form = casework_api.IdentityForm(
        data=request.POST if request.method == "POST" else None,
        initial=_identity_initial(request, service, draft["answers"]),
    )
    status = 200
    if request.method == "POST":
        if missing:
            messages.error(request, _("Des réponses obligatoires manquent : votre demande n'a pas été envoyée."))
            status = 400
        elif form.is_valid():
            try:
                response = _submit(request, service, draft, form)
            except casework_api.CaseworkError as error:
                messages.error(request, " ".join(error.messages))
                response = None
            if response is not None:
                return response
            status = 400
        else:
            status = 400
    return render(
        request,
        "services_catalog/review.html",
        {
            "service": service,
            "sections": sections,
            "missing": missing,
            "form": form,
            "submission_key": _kept_key(request) if status == 400 else uuid.uuid4(),
        },
        status=status,
    )
