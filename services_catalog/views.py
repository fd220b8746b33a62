"""The catalogue on each site: index by category with search, a page per service, and
its form page by page, with a review page, and "Mes brouillons". Works without JavaScript.

The draft lives in the database of this site (`models.Draft`, uploaded files in private
storage): a signed-in citizen's belongs to their account, an anonymous visitor's is pointed
to by their session. Its resume code and QR code let an agent of this commune open it at the
counter ("assisted mode": the agent fills the same pages for the citizen, a banner says so)."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guichet.casework import api as casework_api
from guichet.roles import api as roles_api

from . import api, services
from .engine import StepForm, answered_pages, display_value, visible_pages
from .extras import form_extras
from .models import Draft, DraftStatus

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

# The session holds pointers only: service key → draft id (the draft is in the database), and,
# for an agent recording a request for a citizen, the assisted draft and channel.
DRAFTS = "demarches"
ASSISTED = "guichet_assisted"


def _assisted(request: HttpRequest) -> dict[str, Any] | None:
    """The agent's assisted mode ({"draft_id", "channel"}), or None (a citizen, or no mode)."""
    data = request.session.get(ASSISTED)
    if not isinstance(data, dict) or not request.user.is_authenticated:
        return None
    if not roles_api.is_tenant_agent(request.user):
        return None
    return data


def _assisted_draft(request: HttpRequest, service: api.ServiceDetail) -> Draft | None:
    assisted = _assisted(request)
    if assisted is None:
        return None
    draft_id = assisted.get("draft_id")
    if not isinstance(draft_id, int):
        request.session.pop(ASSISTED, None)
        return None
    draft = Draft.objects.filter(pk=draft_id, status=DraftStatus.ACTIVE).first()
    if draft is None:
        request.session.pop(ASSISTED, None)
        return None
    return draft if str(draft.service_key) == service.entry.key else None


def _draft(request: HttpRequest, service: api.ServiceDetail, *, create: bool = False) -> Draft | None:
    """This visitor's active draft of `service`: the agent's assisted one, the one the session
    points to (anonymous, or chosen in "Mes brouillons"), or the signed-in citizen's latest.
    A new one when `create` (or always for a signed-in citizen, so that the code shows at once)."""
    draft = _assisted_draft(request, service)
    user = request.user
    if draft is None:
        pointers: dict[str, Any] = request.session.get(DRAFTS, {})
        pointer = pointers.get(service.entry.key)
        now = timezone.now()
        active = Draft.objects.filter(status=DraftStatus.ACTIVE, expires_at__gt=now, service_key=service.entry.key)
        if isinstance(pointer, int):
            draft = active.filter(pk=pointer).first()
            if draft is not None and draft.owner_id is not None and draft.owner_id != getattr(user, "pk", None):
                draft = None
        if draft is None and user.is_authenticated:
            draft = active.filter(owner_id=user.pk).first()
        if draft is None and (create or user.is_authenticated):
            if request.session.session_key is None:
                request.session.save()
            draft = services.create_draft(service=service, owner=user, session_key=request.session.session_key or "")
        if draft is None:
            return None
        if draft.owner_id is None and user.is_authenticated:
            draft = services.adopt_draft(draft, user)
        if pointers.get(service.entry.key) != draft.pk:
            request.session[DRAFTS] = {**pointers, service.entry.key: draft.pk}
    if services.refresh_draft_version(draft, service):
        messages.info(
            request, _("Le formulaire a été mis à jour depuis votre dernière visite : vérifiez vos réponses.")
        )
    return draft


def _citizen(request: HttpRequest, draft: Draft | None) -> Any:
    """Whose démarche this is: the draft's owner when an agent fills it for them."""
    if draft is not None and _assisted(request) is not None:
        return draft.owner
    return request.user if request.user.is_authenticated else None


def _draft_context(request: HttpRequest, draft: Draft | None) -> dict[str, Any]:
    """The resume code and its QR code (for the citizen), or the agent's banner."""
    assisted = _assisted(request)
    if draft is not None and assisted is not None and assisted.get("draft_id") == draft.pk:
        owner = draft.owner
        return {
            "assisted": {
                "citizen": (owner.get_full_name() or owner.email) if owner else _("usager non identifié"),
                "email": owner.email if owner else "",
                "channel": str(dict(casework_api.IntakeChannel.choices).get(assisted.get("channel", ""), "")),
                "original": draft.original_name,
            }
        }
    if draft is None:
        return {}
    url = request.build_absolute_uri(f"{reverse('guichet_admin:resume')}?{urlencode({'code': draft.display_code})}")
    qr = segno.make(url, error="m")
    return {
        "resume": {
            "code": draft.display_code,
            "expires_at": draft.expires_at,
            "qr_svg": mark_safe(qr.svg_inline(scale=3, dark="#000", light="#fff", omitsize=False)),  # noqa: S308
        }
    }


def _step_url(slug: str, number: int) -> str:
    return reverse("services_catalog:step", kwargs={"slug": slug, "number": number})


# --- Form pages ----------------------------------------------------------------------------


def start(request: HttpRequest, slug: str) -> HttpResponse:
    service = _detail(request, slug)
    draft = _draft(request, service)
    pages = visible_pages(service.schema, draft.answers if draft else {})
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
    stored: dict[str, Any] = draft.answers if draft else {}
    pages = visible_pages(service.schema, stored)
    index = number - 1
    if index not in pages:
        return HttpResponseRedirect(_step_url(slug, pages[0] + 1))
    page = service.schema["pages"][index]
    extras = form_extras(request, citizen=_citizen(request, draft))
    if request.method == "POST":
        counts, regroup = _group_counts(request, page["items"])
        if regroup:
            form = StepForm(schema=service.schema, page_index=index, answers=stored, group_counts=counts, extras=extras)
            form.initial.update({k: v for k, v in request.POST.items() if k in form.fields})
        else:
            form = StepForm(
                schema=service.schema,
                page_index=index,
                answers=stored,
                data=request.POST,
                files=request.FILES,
                group_counts=counts,
                extras=extras,
            )
            if form.is_valid():
                answers = {**stored}
                for key, value in form.cleaned_data["answers"].items():
                    if value is None:
                        answers.pop(key, None)
                    else:
                        answers[key] = value
                for key, (upload, kind) in form.uploads.items():
                    answers[key] = services.store_draft_upload(upload, kind)
                if draft is None:
                    draft = _draft(request, service, create=True)
                assert draft is not None  # noqa: S101 - created just above
                try:
                    services.save_draft_answers(draft, answers)
                except services.DraftError as error:
                    messages.error(request, " ".join(error.messages))
                    return HttpResponseRedirect(reverse("services_catalog:detail", kwargs={"slug": slug}))
                following = [p for p in visible_pages(service.schema, answers) if p > index]
                if "verification" in request.POST or not following:
                    return HttpResponseRedirect(reverse("services_catalog:review", kwargs={"slug": slug}))
                return HttpResponseRedirect(_step_url(slug, following[0] + 1))
    else:
        form = StepForm(schema=service.schema, page_index=index, answers=stored, extras=extras)
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
            **_draft_context(request, draft),
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


def _identity_initial(service: api.ServiceDetail, answers: dict[str, Any], citizen: Any) -> dict[str, str]:
    user = citizen
    initial: dict[str, str] = {}
    if user is not None:
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


def _submit(request: HttpRequest, service: api.ServiceDetail, draft: Draft, form: Any) -> HttpResponse | None:
    try:
        key = uuid.UUID(request.POST.get("submission_key", ""))
    except ValueError:
        messages.error(
            request, _("Ce formulaire d'envoi n'est plus valide : vérifiez vos réponses et envoyez à nouveau.")
        )
        return None
    done = request.session.get(SUBMITTED, {})
    if str(key) in done:  # a second click after the first one went through
        return _after_submission(done[str(key)])
    here = casework_api.Site.of_schema(_tenant(request).schema_name)
    handler = casework_api.Site.of_schema(service.entry.handler_schema)
    if here is None or handler is None:
        raise Http404
    assisted = _assisted(request) if _assisted_draft(request, service) is not None else None
    originals = []
    if assisted is not None and draft.original_path:
        originals = [
            casework_api.Upload(name=draft.original_name, content=services.read_original(draft), kind="original")
        ]
    result = casework_api.submit_request(
        service=casework_api.ServiceVersion.of(service),
        answers=draft.answers,
        identity=casework_api.Identity(**form.cleaned_data),
        origin=here,
        handler=handler,
        submission_key=key,
        citizen=_citizen(request, draft),
        channel=str(assisted["channel"]) if assisted else "web",
        recorded_by=request.user if assisted else None,
        originals=originals,
    )
    services.mark_draft_submitted(
        draft,
        reference=result.reference,
        tracking_code=result.tracking_code,
        actor=request.user if request.user.is_authenticated else None,
    )
    request.session[DRAFTS] = {k: v for k, v in request.session.get(DRAFTS, {}).items() if k != service.entry.key}
    if assisted is not None:
        request.session.pop(ASSISTED, None)
        request.session[SUBMITTED] = {**done, str(key): ""}  # a second click goes back to the guichet
        messages.success(
            request,
            _(
                "La demande a été enregistrée sous la référence %(reference)s pour le compte de %(citizen)s ; "
                "l'usager reçoit les accusés par courriel et la retrouve dans son espace."
            )
            % {"reference": result.reference, "citizen": form.cleaned_data["email"]},
        )
        return HttpResponseRedirect(reverse("guichet_admin:index"))
    request.session[SUBMITTED] = {**done, str(key): result.tracking_code}
    messages.success(
        request,
        _(
            "Votre demande a été enregistrée sous la référence %(reference)s. Un accusé d'enregistrement et un accusé "
            "de réception vous sont envoyés par courriel."
        )
        % {"reference": result.reference},
    )
    return HttpResponseRedirect(reverse("casework:track", kwargs={"code": result.tracking_code}))


def _after_submission(tracking_code: str) -> HttpResponse:
    """Where a replayed submission goes: the request's page, or the guichet for an agent's."""
    if not tracking_code:
        return HttpResponseRedirect(reverse("guichet_admin:index"))
    return HttpResponseRedirect(reverse("casework:track", kwargs={"code": tracking_code}))


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
            return _after_submission(done[request.POST["submission_key"]])
    draft = _draft(request, service)
    answers = draft.answers if draft else {}
    sections, missing = _review_sections(service, answers, slug)
    form = casework_api.IdentityForm(
        data=request.POST if request.method == "POST" else None,
        initial=_identity_initial(service, answers, _citizen(request, draft)),
    )
    status = 200
    if request.method == "POST":
        if missing or draft is None:
            missing = True
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
            **_draft_context(request, draft),
        },
        status=status,
    )


# --- Mes brouillons -------------------------------------------------------------------------


@login_required
def my_drafts(request: HttpRequest) -> HttpResponse:
    _tenant(request)
    drafts = Draft.objects.filter(owner_id=request.user.pk, status=DraftStatus.ACTIVE, expires_at__gt=timezone.now())
    return render(request, "services_catalog/my_drafts.html", {"drafts": list(drafts)})


def _refuse(request: HttpRequest, draft_id: int, action: str) -> HttpResponse:
    services.record_draft_refusal(
        actor=request.user if request.user.is_authenticated else None, draft_id=draft_id, action=action
    )
    return render(request, "services_catalog/draft_unknown.html", status=404)


@login_required
def resume_draft(request: HttpRequest, draft_id: int) -> HttpResponse:
    """The owner resumes their draft (on any device); the agent who started an assisted draft
    opens it in assisted mode. Anybody else: not found (and logged)."""
    _tenant(request)
    draft = Draft.objects.filter(pk=draft_id, status=DraftStatus.ACTIVE, expires_at__gt=timezone.now()).first()
    if draft is None:
        return _refuse(request, draft_id, "resume")
    if draft.agent_id is not None and draft.agent_id == request.user.pk and roles_api.is_tenant_agent(request.user):
        enter_assisted_mode(request, draft, draft.channel)
    elif draft.owner_id == request.user.pk:
        request.session.pop(ASSISTED, None)
        request.session[DRAFTS] = {**request.session.get(DRAFTS, {}), str(draft.service_key): draft.pk}
    else:
        return _refuse(request, draft_id, "resume")
    return HttpResponseRedirect(reverse("services_catalog:start", kwargs={"slug": draft.service_slug}))


@login_required
@require_POST
def delete_draft(request: HttpRequest, draft_id: int) -> HttpResponse:
    _tenant(request)
    try:
        services.delete_draft(draft_id=draft_id, user=request.user)
    except services.DraftError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(reverse("services_catalog:my_drafts"), status=303)
    messages.success(request, _("Le brouillon a été supprimé, avec les fichiers joints."))
    return HttpResponseRedirect(reverse("services_catalog:my_drafts"), status=303)


def enter_assisted_mode(request: HttpRequest, draft: Draft, channel: str) -> None:
    """The agent's session now fills `draft` for its owner, through `channel`."""
    request.session[ASSISTED] = {"draft_id": draft.pk, "channel": channel}


def leave_assisted_mode(request: HttpRequest) -> None:
    request.session.pop(ASSISTED, None)
