"""The daily silence clock (R-SVA-4): implicit decisions, exactly once, and the agents'
warnings before them. Writes, like `casework.services`, whose helpers it shares."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import documents
from .models import OPEN_STATES, DocumentKind, Request, State
from .services import _audit, _email_citizen, _event, _issue, _notify_agents, _recompute_clock


@dataclass(frozen=True)
class DailyReport:
    applied: list[str]
    warned: list[str]


def warning_days() -> int:
    return int(getattr(settings, "GUICHET_IMPLICIT_DECISION_WARNING_DAYS", 7))


def run_daily_clock(*, today: dt.date | None = None) -> DailyReport:
    """In the current schema: move the clock of requests waiting for the citizen, apply the
    implicit decisions that are due (exactly once each, even if run twice or concurrently),
    and warn agents of those due within `warning_days()`."""
    today = today or timezone.localdate()
    for request_id in (
        Request.objects.filter(state=State.AWAITING_CITIZEN).exclude(silence_rule="none").values_list("pk", flat=True)
    ):
        with transaction.atomic():
            request = Request.objects.select_for_update(skip_locked=True).filter(pk=request_id).first()
            if request is not None:
                _recompute_clock(request, today=today)
                request.save(update_fields=["decision_due_on", "updated_at"])
    applied = []
    due = Request.objects.filter(
        state__in=[State.SUBMITTED, State.IN_PROCESSING], silence_rule__in=["sva", "svr"], decision_due_on__lte=today
    ).values_list("pk", flat=True)
    for request_id in list(due):
        reference = _apply_implicit(request_id, today=today)
        if reference:
            applied.append(reference)
    warned = []
    horizon = today + dt.timedelta(days=warning_days())
    approaching = Request.objects.filter(
        state__in=OPEN_STATES,
        silence_rule__in=["sva", "svr"],
        decision_due_on__gt=today,
        decision_due_on__lte=horizon,
        warned_on__isnull=True,
    ).values_list("pk", flat=True)
    for request_id in list(approaching):
        with transaction.atomic():
            updated = Request.objects.filter(pk=request_id, warned_on__isnull=True).update(warned_on=today)
            if not updated:
                continue
            request = Request.objects.get(pk=request_id)
            rule = _("acceptation") if request.silence_rule == "sva" else _("rejet")
            _event(
                request,
                "implicit_warning",
                _("Décision implicite (%(rule)s) le %(date)s : agents prévenus")
                % {"rule": rule, "date": documents.french_date(request.decision_due_on or today)},
                public=False,
            )
            _notify_agents(
                request, "casework.deadline_warning", due_on=documents.french_date(request.decision_due_on or today)
            )
            warned.append(request.reference)
    return DailyReport(applied=applied, warned=warned)


def _apply_implicit(request_id: int, *, today: dt.date) -> str:
    with transaction.atomic():
        request = (
            Request.objects.select_for_update(skip_locked=True)
            .filter(pk=request_id, state__in=[State.SUBMITTED, State.IN_PROCESSING], decision_due_on__lte=today)
            .first()
        )
        if request is None:  # already decided, or another run holds it
            return ""
        accepted = request.silence_rule == "sva"
        request.state = State.IMPLICITLY_ACCEPTED if accepted else State.IMPLICITLY_REJECTED
        request.decided_at = timezone.now()
        request.save(update_fields=["state", "decided_at", "updated_at"])
        document = None
        if accepted:
            document = _issue(
                request, DocumentKind.ATTESTATION, documents.attestation(request), filename="attestation.pdf"
            )
        _event(request, "implicit_decision", str(request.get_state_display()), document=getattr(document, "pk", None))
        _audit("casework.request.implicit_decision", request, outcome=request.state)
        recourse = (
            ""
            if accepted
            else documents.RECOURSE.format(service=request.service_settings.get("handling_service") or _("le service"))
        )
        _email_citizen(
            request,
            "casework.implicit_decision",
            document=document,
            filename="attestation.pdf" if document else "",
            accepted=accepted,
            recourse=recourse,
            due_on=documents.french_date(request.decision_due_on or today),
        )
        return request.reference
