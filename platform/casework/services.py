"""Every write on requests: submission, the processing workflow, corrections, messages,
decisions, teams, and the audited reads of agents (the daily silence clock is in
`daily_clock`, reads that change nothing in `lookups`).

Each function is one transaction in the schema of the competent authority, checks who
may act, refuses a transition the request's state does not allow (state unchanged),
writes the request's timeline and an audit row, and queues notifications in the
tenant's outbox inside the same transaction (sent after commit, or later by the outbox
sweeper: nothing is lost if the mail server or the broker is down).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import uuid
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from guichet.audit import api as audit
from guichet.notifications import api as notifications
from guichet.roles import api as roles_api

from . import clock, documents, lookups, pdf
from .models import (
    OPEN_STATES,
    Correction,
    CorrectionReason,
    Document,
    DocumentKind,
    Event,
    IntakeChannel,
    Message,
    MessageDirection,
    Note,
    ReferenceCounter,
    Request,
    RequestFile,
    State,
    Team,
)
from .values import Identity, ServiceVersion, Site, Submitted, Upload  # also named services.X by callers

logger = logging.getLogger(__name__)

DECISIONS = (State.ACCEPTED, State.REJECTED, State.CLOSED)
# An original (scanned letter, email) is stored under one of these extensions, "bin" otherwise.
ORIGINAL_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "eml")


class CaseworkError(ValidationError):
    """A refused action, with a French message for the person who tried it."""


class NotAllowed(CaseworkError):
    pass


# --- Helpers -----------------------------------------------------------------------------


def _actor_label(actor: Any) -> str:
    if actor is None:
        return _("système")
    name = f"{getattr(actor, 'first_name', '')} {getattr(actor, 'last_name', '')}".strip()
    return name or str(getattr(actor, "email", ""))


def _event(request: Request, kind: str, text: str, *, actor: Any = None, public: bool = True, **data: Any) -> Event:
    return Event.objects.create(
        request=request,
        kind=kind,
        text=text[:300],
        actor_id=getattr(actor, "pk", None),
        actor_label=_actor_label(actor) if actor is not None else "",
        public=public,
        data=data,
    )


def _audit(action: str, request: Request, actor: Any = None, **data: Any) -> None:
    audit.record(action, actor=actor, target_type="request", target_id=request.reference, data=data)


def _require_agent(actor: Any) -> None:
    if not roles_api.is_tenant_agent(actor):
        raise NotAllowed(_("Vous n'avez pas accès aux demandes de cette collectivité."))


def _lock(request_id: int) -> Request:
    try:
        return Request.objects.select_for_update().get(pk=request_id)
    except (Request.DoesNotExist, ValueError, TypeError):
        raise CaseworkError(_("Cette demande est introuvable.")) from None


def _require_state(request: Request, allowed: Sequence[str], action: str) -> None:
    if request.state not in allowed:
        raise CaseworkError(
            _("Impossible de %(action)s : la demande est « %(state)s ».")
            % {"action": action, "state": request.get_state_display()}
        )


def _current_schema() -> str:
    return str(getattr(connection, "schema_name", ""))


def _site_url(schema_name: str) -> str:
    from tenants import api as tenants_api

    info = tenants_api.tenant_for_schema(schema_name)
    return info.url if info else ""


def tracking_url(request: Request) -> str:
    return f"{_site_url(request.origin_schema).rstrip('/')}/suivi/{request.tracking_code}/"


def _branding() -> tuple[str, str]:
    """(tenant name, primary colour) of the current schema, for documents."""
    from tenants import api as tenants_api
    from theming import api as theming_api

    info = tenants_api.tenant_for_schema(_current_schema())
    tokens = theming_api.tokens_for_current_tenant(parent_schema_getter=lambda: info.parent_schema if info else None)
    return (info.name if info else ""), tokens.primary_colour


def _recompute_clock(request: Request, *, today: dt.date | None = None) -> None:
    settings_ = request.service_settings
    if request.silence_rule not in ("sva", "svr") or not settings_.get("silence_delay"):
        request.decision_due_on = None
        return
    spans = [
        clock.CorrectionSpan(
            reason=c.reason,
            requested_on=timezone.localtime(c.requested_at).date(),
            resolved_on=timezone.localtime(c.resolved_at).date() if c.resolved_at else None,
        )
        for c in (request.corrections.all() if request.pk else [])
    ]
    request.decision_due_on = clock.decision_date(
        submitted_on=timezone.localtime(request.submitted_at).date(),
        delay=int(settings_["silence_delay"]),
        unit=str(settings_.get("silence_delay_unit") or "months"),
        corrections=spans,
        restart_on_any_correction=bool(settings_.get("restart_clock_on_any_correction")),
        today=today,
    )


def _issue(request: Request, kind: str, content: documents.Content, *, filename: str) -> Document:
    """Render the document as a branded PDF in private storage and keep its content."""
    tenant_name, colour = _branding()
    data = pdf.render(
        pdf.PdfContent(
            title=content.title,
            tenant_name=tenant_name,
            reference=request.reference,
            primary_colour=colour,
            sections=content.sections,
            footer=_("Document émis le %(date)s par %(tenant)s.")
            % {"date": documents.french_datetime(timezone.now()), "tenant": tenant_name},
        )
    )
    path = storages["private"].save(f"demandes/{request.reference}/{filename}", ContentFile(data))
    return Document.objects.create(request=request, kind=kind, path=path, content=content.as_json())


def _mail_context(request: Request, **extra: Any) -> dict[str, Any]:
    return {
        "reference": request.reference,
        "service_title": request.service_title,
        "full_name": request.full_name,
        "tracking_url": tracking_url(request),
        "state_label": str(request.get_state_display()),
        **extra,
    }


def _attachment(document: Document, filename: str) -> notifications.Attachment:
    return notifications.Attachment(filename=filename, storage_path=document.path, content_type="application/pdf")


def _email_citizen(
    request: Request, event: str, *, document: Document | None = None, filename: str = "", **extra: Any
) -> int:
    outbox_id = notifications.enqueue_email(
        event=event,
        to=request.email,
        context=_mail_context(request, **extra),
        attachments=[_attachment(document, filename)] if document else [],
        related=f"request:{request.pk}",
        reply_to=str(request.service_settings.get("handling_email") or ""),
    )
    if document is not None:
        Document.objects.filter(pk=document.pk).update(outbox_id=outbox_id)
        document.outbox_id = outbox_id
    return outbox_id


def _sms_citizen(request: Request, event: str, **extra: Any) -> int | None:
    """A short SMS when the citizen gave a phone number (the tenant's daily cap applies)."""
    digits = "".join(c for c in request.phone if c.isdigit() or c == "+")
    if not digits:
        return None
    return notifications.enqueue_sms(
        event=event,
        to=digits,
        context=_mail_context(request, **extra),
        citizen_key=f"tel:{digits[-9:]}",
        related=f"request:{request.pk}",
    )


# --- Submission ----------------------------------------------------------------------------


def _next_reference(prefix: str, year: int) -> str:
    """FOU-2026-000123: one atomic upsert per number (no gaps under concurrency, no repeats)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ReferenceCounter._meta.db_table} (year, last) VALUES (%s, 1) "  # noqa: S608
            "ON CONFLICT (year) DO UPDATE SET last = "
            f"{ReferenceCounter._meta.db_table}.last + 1 RETURNING last",
            [year],
        )
        number = cursor.fetchone()[0]
    return f"{prefix}-{year}-{number:06d}"


def _read_draft_files(files: Sequence[dict[str, Any]]) -> list[tuple[dict[str, Any], bytes]]:
    storage = storages["private"]
    loaded = []
    for item in files:
        with storage.open(item["path"]) as handle:
            loaded.append((item, handle.read()))
    return loaded


def _existing(submission_key: uuid.UUID) -> Submitted | None:
    found = Request.objects.filter(submission_key=submission_key).values("pk", "reference", "tracking_code").first()
    if found is None:
        return None
    return Submitted(found["pk"], found["reference"], found["tracking_code"], _current_schema(), False)


def submit_request(
    *,
    service: ServiceVersion,
    answers: dict[str, Any],
    identity: Identity,
    origin: Site,
    handler: Site,
    submission_key: uuid.UUID,
    citizen: Any = None,
    channel: str = IntakeChannel.WEB,
    recorded_by: Any = None,
    originals: Sequence[Upload] = (),
) -> Submitted:
    """Store a request in the competent tenant's schema (the handler: the commune itself, or
    its EPCI for a shared service, with `origin` the commune's site), with its files, the frozen
    form version, and both acknowledgments (R-SVE-3, R-SVE-4) queued for sending.

    An agent recording it on the citizen's behalf (`recorded_by`, a channel other than "web")
    may attach the original (scanned letter, email): kept first among its files, kind "original".

    The current schema must be the origin's (where the draft files are). A submission key
    seen before returns the request it created (double click, replayed form)."""
    if channel not in IntakeChannel.values:
        raise CaseworkError(_("Canal de dépôt inconnu."))
    if recorded_by is not None and channel == IntakeChannel.WEB:
        raise CaseworkError(_("Une demande enregistrée par un agent indique son canal (guichet, téléphone…)."))
    if service.handler_schema != handler.schema_name:
        raise CaseworkError(_("Cette démarche n'est pas traitée par cette collectivité."))
    file_answers = [v for v in answers.values() if isinstance(v, dict) and "path" in v]
    loaded = _read_draft_files(file_answers)
    with schema_context(handler.schema_name):
        existing = _existing(submission_key)
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                result = _create_request(
                    service=service,
                    answers=answers,
                    identity=identity,
                    origin=origin,
                    handler=handler,
                    submission_key=submission_key,
                    citizen=citizen,
                    channel=channel,
                    loaded=loaded,
                    recorded_by=recorded_by,
                    originals=originals,
                )
        except IntegrityError:
            existing = _existing(submission_key)
            if existing is None:
                raise
            return existing
    draft_paths = [item["path"] for item, _ in loaded]
    origin_schema = origin.schema_name

    def forget_drafts() -> None:
        with schema_context(origin_schema):
            for path in draft_paths:
                storages["private"].delete(path)

    transaction.on_commit(forget_drafts)
    return result


def _create_request(
    *,
    service: ServiceVersion,
    answers: dict[str, Any],
    identity: Identity,
    origin: Site,
    handler: Site,
    submission_key: uuid.UUID,
    citizen: Any,
    channel: str,
    loaded: list[tuple[dict[str, Any], bytes]],
    recorded_by: Any = None,
    originals: Sequence[Upload] = (),
) -> Submitted:
    now = timezone.now()
    prefix = (handler.reference_prefix or handler.schema_name[:3]).upper()
    reference = _next_reference(prefix, timezone.localtime(now).year)
    request = Request(
        reference=reference,
        submission_key=submission_key,
        tracking_code=secrets.token_urlsafe(24),
        service_key=uuid.UUID(service.key),
        service_title=service.title,
        service_slug=service.slug,
        form_version_id=service.version_id,
        form_schema=service.schema,
        service_settings=service.settings,
        answers={},
        citizen=citizen if getattr(citizen, "is_authenticated", False) else None,
        first_name=identity.first_name,
        last_name=identity.last_name,
        email=identity.email,
        phone=identity.phone,
        postal_address=identity.postal_address,
        channel=channel,
        recorded_by=recorded_by,
        origin_schema=origin.schema_name,
        origin_name=origin.name,
        state=State.SUBMITTED,
        submitted_at=now,
        silence_rule=str(service.settings.get("silence_rule") or "none"),
    )
    _recompute_clock(request)
    request.save()
    for number, original in enumerate(originals, start=1):
        suffix = original.name.rsplit(".", 1)[-1].lower() if "." in original.name else ""
        suffix = suffix if suffix in ORIGINAL_EXTENSIONS else "bin"
        original_path = storages["private"].save(
            f"demandes/{reference}/original-{number}.{suffix}", ContentFile(original.content)
        )
        RequestFile.objects.create(
            request=request,
            name=original.name[:150],
            path=original_path,
            size=len(original.content),
            kind="original",
            added_at=now - dt.timedelta(microseconds=1),
        )
    stored = dict(answers)
    by_path = {item["path"]: content for item, content in loaded}
    for key, value in answers.items():
        if isinstance(value, dict) and value.get("path") in by_path:
            extension = {"jpeg": "jpg"}.get(value.get("type", ""), value.get("type", "bin"))
            path = storages["private"].save(
                f"demandes/{reference}/{key}.{extension}", ContentFile(by_path[value["path"]])
            )
            stored[key] = {**value, "path": path}
            RequestFile.objects.create(
                request=request, question_key=key, name=value["name"], path=path, size=value["size"], kind=value["type"]
            )
    request.answers = stored
    request.save(update_fields=["answers"])
    _event(request, "submitted", _("Demande déposée (%(channel)s)") % {"channel": request.get_channel_display()})
    _audit("casework.request.submitted", request, actor=request.citizen, channel=channel, origin=origin.schema_name)
    if recorded_by is not None:
        _event(
            request,
            "recorded",
            _("Demande enregistrée par %(agent)s (%(channel)s)")
            % {"agent": _actor_label(recorded_by), "channel": request.get_channel_display()},
            actor=recorded_by,
            public=False,
        )
        _audit(
            "casework.request.recorded",
            request,
            actor=recorded_by,
            channel=channel,
            origin=origin.schema_name,
            citizen=getattr(citizen, "pk", None),
            originals=len(originals),
        )

    registration = _issue(
        request, DocumentKind.REGISTRATION, documents.registration(request), filename="accuse-d-enregistrement.pdf"
    )
    _email_citizen(request, "casework.registered", received=documents.french_datetime(request.submitted_at))
    _event(request, "registration", _("Accusé d'enregistrement envoyé"), document=registration.pk)
    _issue_receipt(request)
    return Submitted(request.pk, reference, request.tracking_code, handler.schema_name, True)


def _issue_receipt(request: Request, *, missing: str = "", deadline: dt.date | None = None) -> Document:
    content = documents.receipt(request, missing=missing, missing_deadline=deadline)
    number = Document.objects.filter(request=request, kind=DocumentKind.RECEIPT).count() + 1
    filename = "accuse-de-reception.pdf" if number == 1 else f"accuse-de-reception-{number}.pdf"
    document = _issue(request, DocumentKind.RECEIPT, content, filename=filename)
    _email_citizen(request, "casework.receipt", document=document, filename=filename, mentions=content.as_text())
    _event(request, "receipt", _("Accusé de réception envoyé"), document=document.pk)
    return document


# --- Reading ----------------------------------------------------------------------------------


def record_file_read(*, request_id: int, kind: str, item_id: int, actor: Any) -> lookups.StoredFile:
    """An agent downloads a file or an issued document of a request: checked, and audited (R-RGPD-5)."""
    _require_agent(actor)
    request = Request.objects.filter(pk=request_id).only("pk", "reference").first()
    found = lookups.stored_file(request_id=request_id, kind=kind, item_id=item_id) if request else None
    if request is None or found is None:
        raise CaseworkError(_("Ce fichier est introuvable."))
    audit.record(
        "casework.file.read",
        actor=actor,
        target_type="request",
        target_id=request.reference,
        data={"kind": kind, "id": item_id, "name": found.name[:150]},
    )
    return found


def record_read(*, request_id: int, actor: Any, reason: str = "") -> Request:
    """An agent opens a request: allowed only to the tenant's agents, and audited (R-RGPD-5)."""
    _require_agent(actor)
    try:
        request = Request.objects.get(pk=request_id)
    except (Request.DoesNotExist, ValueError, TypeError):
        raise CaseworkError(_("Cette demande est introuvable.")) from None
    _audit("casework.request.read", request, actor=actor, reason=reason[:200])
    return request


# --- Processing ----------------------------------------------------------------------------


@transaction.atomic
def start_processing(*, request_id: int, actor: Any) -> Request:
    _require_agent(actor)
    request = _lock(request_id)
    _require_state(request, [State.SUBMITTED], _("commencer l'instruction"))
    request.state = State.IN_PROCESSING
    if request.assigned_to_id is None:
        request.assigned_to = actor
    request.save(update_fields=["state", "assigned_to", "updated_at"])
    _event(request, "in_processing", _("Instruction commencée"), actor=actor)
    _audit("casework.request.processing", request, actor=actor)
    return request


@transaction.atomic
def assign(*, request_ids: Sequence[int], actor: Any, agent_id: int | None = None, team_id: int | None = None) -> int:
    """Assign requests (bulk) to an agent and/or a team of this tenant. Returns how many changed."""
    _require_agent(actor)
    agents = {pk for pk, _label in roles_api.tenant_agents()}
    if agent_id is not None and agent_id not in agents:
        raise CaseworkError(_("Cet agent ne fait pas partie de cette collectivité."))
    team = None
    if team_id is not None:
        team = Team.objects.filter(pk=team_id).first()
        if team is None:
            raise CaseworkError(_("Cette équipe n'existe pas."))
    requests = list(Request.objects.select_for_update().filter(pk__in=list(request_ids), state__in=OPEN_STATES))
    if len(requests) != len(set(request_ids)):
        raise CaseworkError(_("Certaines demandes sont introuvables ou déjà closes : rien n'a été changé."))
    label = dict(roles_api.tenant_agents()).get(agent_id or 0, "")
    for request in requests:
        request.assigned_to_id = agent_id
        request.team = team
        request.save(update_fields=["assigned_to", "team", "updated_at"])
        text = _("Attribuée à %(who)s") % {"who": " / ".join(x for x in (label, team.name if team else "") if x)}
        if agent_id is None and team is None:
            text = _("Attribution retirée")
        _event(request, "assigned", text, actor=actor, public=False, agent=agent_id, team=team_id)
        _audit("casework.request.assigned", request, actor=actor, agent=agent_id, team=team_id)
    return len(requests)


@transaction.atomic
def save_team(*, actor: Any, name: str, member_ids: Sequence[int], team_id: int | None = None) -> Team:
    """Create or change a team (administrators only); members among this tenant's agents."""
    if not roles_api.is_tenant_admin(actor):
        raise NotAllowed(_("Seuls les administrateurs de la collectivité gèrent les équipes."))
    name = " ".join(name.split())
    if not name:
        raise CaseworkError(_("Donnez un nom à l'équipe."))
    agents = {pk for pk, _label in roles_api.tenant_agents()}
    if set(member_ids) - agents:
        raise CaseworkError(_("Les membres d'une équipe sont des agents de la collectivité."))
    team = Team.objects.select_for_update().filter(pk=team_id).first() if team_id else Team()
    if team is None:
        raise CaseworkError(_("Cette équipe n'existe pas."))
    created = team.pk is None
    team.name = name[:100]
    team.save()
    team.members.set(list(member_ids))
    audit.record(
        "casework.team.created" if created else "casework.team.changed",
        actor=actor,
        target_type="team",
        target_id=team.pk,
        data={"name": team.name, "members": sorted(member_ids)},
    )
    return team


@transaction.atomic
def add_note(*, request_id: int, actor: Any, body: str) -> Note:
    _require_agent(actor)
    body = body.strip()
    if not body:
        raise CaseworkError(_("La note est vide."))
    request = _lock(request_id)
    note = Note.objects.create(request=request, body=body[:5000], author_id=actor.pk, author_label=_actor_label(actor))
    _event(request, "note", _("Note interne ajoutée"), actor=actor, public=False)
    _audit("casework.request.note", request, actor=actor)
    return note


def _attach(request: Request, uploads: Sequence[Upload], **link: Any) -> list[RequestFile]:
    files = []
    for upload in uploads:
        extension = {"jpeg": "jpg"}.get(upload.kind, upload.kind)
        path = storages["private"].save(
            f"demandes/{request.reference}/pieces/{uuid.uuid4().hex}.{extension}", ContentFile(upload.content)
        )
        files.append(
            RequestFile.objects.create(
                request=request, name=upload.name[:150], path=path, size=len(upload.content), kind=upload.kind, **link
            )
        )
    return files


@transaction.atomic
def send_message(*, request_id: int, actor: Any, body: str, uploads: Sequence[Upload] = ()) -> Message:
    """An agent writes to the citizen (email with a link to the request page)."""
    _require_agent(actor)
    body = body.strip()
    if not body:
        raise CaseworkError(_("Le message est vide."))
    request = _lock(request_id)
    message = Message.objects.create(
        request=request,
        direction=MessageDirection.TO_CITIZEN,
        body=body[:5000],
        author_id=actor.pk,
        author_label=_actor_label(actor),
    )
    _attach(request, uploads, message=message)
    _event(request, "message_to_citizen", _("Message envoyé à l'usager"), actor=actor)
    _audit("casework.request.message", request, actor=actor)
    _email_citizen(request, "casework.message", body=message.body)
    return message


@transaction.atomic
def citizen_message(*, request_id: int, body: str, uploads: Sequence[Upload] = ()) -> Message:
    """The citizen writes from the request page (signed in, or through the tracking link)."""
    body = body.strip()
    if not body:
        raise CaseworkError(_("Votre message est vide : écrivez quelques mots."))
    request = _lock(request_id)
    if request.is_final:
        raise CaseworkError(_("Cette demande est close : contactez le service pour toute question."))
    message = Message.objects.create(
        request=request, direction=MessageDirection.FROM_CITIZEN, body=body[:5000], author_label=request.full_name
    )
    _attach(request, uploads, message=message)
    _event(request, "message_from_citizen", _("Message reçu de l'usager"))
    _audit("casework.request.citizen_message", request, actor=request.citizen)
    _notify_agents(request, "casework.citizen_replied", what=_("un message"))
    return message


def _notify_agents(request: Request, event: str, **extra: Any) -> None:
    """Email the assigned agent, or every agent of the tenant when nobody is assigned."""
    from django.contrib.auth import get_user_model

    ids = [request.assigned_to_id] if request.assigned_to_id else [pk for pk, _label in roles_api.tenant_agents()]
    emails = get_user_model().objects.filter(pk__in=ids, is_active=True).values_list("email", flat=True)
    admin_url = f"{_site_url(_current_schema()).rstrip('/')}/admin/demandes/{request.pk}/"
    for email in emails:
        notifications.enqueue_email(
            event=event,
            to=email,
            context={**_mail_context(request, **extra), "admin_url": admin_url},
            related=f"request:{request.pk}",
        )


# --- Corrections ---------------------------------------------------------------------------


@transaction.atomic
def request_correction(
    *, request_id: int, actor: Any, reason: str, message: str, deadline: dt.date, today: dt.date | None = None
) -> Correction:
    """Ask the citizen for missing or wrong pieces (R-SVA-3): the request waits for them; an
    incomplete request gets an accusé de réception listing the missing pieces (R-SVE-3 f)."""
    _require_agent(actor)
    today = today or timezone.localdate()
    if reason not in CorrectionReason.values:
        raise CaseworkError(_("Choisissez le motif de la demande de correction."))
    message = message.strip()
    if not message:
        raise CaseworkError(_("Précisez ce que l'usager doit fournir ou corriger."))
    if deadline <= today:
        raise CaseworkError(_("La date limite doit être postérieure à aujourd'hui."))
    request = _lock(request_id)
    _require_state(request, [State.SUBMITTED, State.IN_PROCESSING], _("demander une correction"))
    correction = Correction.objects.create(
        request=request, reason=reason, message=message[:5000], deadline=deadline, requested_by_id=actor.pk
    )
    request.state = State.AWAITING_CITIZEN
    _recompute_clock(request, today=today)
    request.save(update_fields=["state", "decision_due_on", "updated_at"])
    _event(
        request,
        "correction_requested",
        _("Correction demandée : %(reason)s") % {"reason": correction.get_reason_display()},
        actor=actor,
        correction=correction.pk,
    )
    _audit("casework.request.correction", request, actor=actor, reason=reason)
    _email_citizen(
        request,
        "casework.correction",
        reason=str(correction.get_reason_display()),
        message=correction.message,
        deadline=documents.french_date(deadline),
    )
    _sms_citizen(request, "casework.correction", deadline=documents.french_date(deadline))
    if reason == CorrectionReason.INCOMPLETE:
        _issue_receipt(request, missing=correction.message, deadline=deadline)
    return correction


@transaction.atomic
def answer_correction(*, request_id: int, answer: str, uploads: Sequence[Upload] = ()) -> Correction:
    """The citizen answers the pending correction: the request goes back to the agent."""
    answer = answer.strip()
    if not answer and not uploads:
        raise CaseworkError(_("Joignez la pièce demandée ou écrivez votre réponse."))
    request = _lock(request_id)
    correction = request.corrections.filter(resolved_at__isnull=True).first()
    if request.state != State.AWAITING_CITIZEN or correction is None:
        raise CaseworkError(_("Aucune correction n'est attendue sur cette demande."))
    correction.answer = answer[:5000]
    correction.resolved_at = timezone.now()
    correction.save(update_fields=["answer", "resolved_at"])
    _attach(request, uploads, correction=correction)
    request.state = State.IN_PROCESSING
    _recompute_clock(request)
    request.save(update_fields=["state", "decision_due_on", "updated_at"])
    _event(request, "correction_answered", _("Correction apportée par l'usager"), correction=correction.pk)
    _audit("casework.request.correction_answered", request, actor=request.citizen)
    _notify_agents(request, "casework.citizen_replied", what=_("la correction demandée"))
    return correction


# --- Decisions -------------------------------------------------------------------------------


@transaction.atomic
def decide(*, request_id: int, actor: Any, outcome: str, reason: str) -> Request:
    """Accept, reject or close without follow-up, with a reason and a decision PDF."""
    _require_agent(actor)
    if outcome not in DECISIONS:
        raise CaseworkError(_("Décision inconnue."))
    reason = reason.strip()
    if not reason and outcome != State.ACCEPTED:
        raise CaseworkError(_("Indiquez le motif de la décision : il figure sur le courrier à l'usager."))
    request = _lock(request_id)
    _require_state(request, OPEN_STATES, _("rendre une décision"))
    now = timezone.now()
    request.corrections.filter(resolved_at__isnull=True).update(resolved_at=now)
    request.state = outcome
    request.decided_at = now
    request.decision_reason = reason[:5000]
    request.save(update_fields=["state", "decided_at", "decision_reason", "updated_at"])
    document = _issue(request, DocumentKind.DECISION, documents.decision(request), filename="decision.pdf")
    _event(request, "decision", str(request.get_state_display()), actor=actor, document=document.pk)
    _audit("casework.request.decided", request, actor=actor, outcome=outcome)
    _email_citizen(request, "casework.decision", document=document, filename="decision.pdf", reason=reason)
    _sms_citizen(request, "casework.decision")
    return request
