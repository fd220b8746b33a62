"""The processing workflow: each transition through a services function with its permission
check, audit row and notification; forged transitions refused with the state unchanged;
the daily clock applying implicit decisions exactly once (R-SVA-4)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.storage import storages
from django.utils import timezone
from django_tenants.utils import tenant_context
from pypdf import PdfReader

from guichet.audit.models import AuditEvent
from guichet.casework import daily_clock, services
from guichet.casework.models import Document, Event, Request, State
from guichet.casework.tasks import daily_clock_everywhere
from guichet.notifications.models import OutboxMessage
from tests.casework.factories import agent, get_request, make_request

pytestmark = pytest.mark.django_db

SVA_SLUG = "inscription-restauration-scolaire"
SVR_SLUG = "reservation-salle-municipale"


def _outbox(tenant, request_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    with tenant_context(tenant):
        return list(OutboxMessage.objects.filter(related=f"request:{request_id}").values_list("event", flat=True))


def test_a_request_goes_from_submission_to_acceptance_with_its_timeline(fouesnant) -> None:  # type: ignore[no-untyped-def]
    worker = agent(fouesnant, "anne.agent@fouesnant.example", first_name="Anne", last_name="Kerjean")
    request_id = make_request(fouesnant, service_slug=SVR_SLUG)
    with tenant_context(fouesnant):
        services.start_processing(request_id=request_id, actor=worker)
        services.add_note(request_id=request_id, actor=worker, body="Vérifier la disponibilité de la salle.")
        services.send_message(request_id=request_id, actor=worker, body="La salle est libre ce jour-là.")
        services.decide(request_id=request_id, actor=worker, outcome="accepted", reason="")
        request = Request.objects.get(pk=request_id)
        kinds = list(request.events.values_list("kind", "public"))
        decision = request.documents.get(kind="decision")
        audited = set(AuditEvent.objects.filter(target_id=request.reference).values_list("action", flat=True))
        with storages["private"].open(decision.path) as handle:
            text = " ".join((PdfReader(io.BytesIO(handle.read())).pages[0].extract_text() or "").split())
    assert request.state == State.ACCEPTED and request.decided_at is not None
    assert request.assigned_to_id == worker.pk
    assert ("note", False) in kinds and ("in_processing", True) in kinds and ("decision", True) in kinds
    assert {"casework.request.processing", "casework.request.note", "casework.request.decided"} <= audited
    assert "Acceptée" in text and request.reference in text
    assert _outbox(fouesnant, request_id).count("casework.decision") == 1
    assert "casework.message" in _outbox(fouesnant, request_id)


def test_a_rejection_needs_a_reason_and_carries_the_means_of_appeal(fouesnant) -> None:  # type: ignore[no-untyped-def]
    worker = agent(fouesnant, "agent.refus@fouesnant.example")
    request_id = make_request(fouesnant, service_slug=SVR_SLUG)
    with tenant_context(fouesnant):
        with pytest.raises(services.CaseworkError, match="motif"):
            services.decide(request_id=request_id, actor=worker, outcome="rejected", reason="  ")
        assert Request.objects.get(pk=request_id).state == State.SUBMITTED
        services.decide(request_id=request_id, actor=worker, outcome="rejected", reason="Salle déjà réservée.")
        content = Document.objects.get(request_id=request_id, kind="decision").content
    assert any(title == "Voies et délais de recours" for title, _ in content["sections"])


@pytest.mark.parametrize("final", ["accepted", "rejected", "closed"])
def test_a_decided_request_cannot_be_decided_again(fouesnant, final: str) -> None:  # type: ignore[no-untyped-def]
    """Forged transition: accepting a closed request is refused, the state unchanged."""
    worker = agent(fouesnant, f"agent.{final}@fouesnant.example")
    request_id = make_request(fouesnant, service_slug=SVR_SLUG, state=final, actor=worker)
    with tenant_context(fouesnant):
        before = Request.objects.get(pk=request_id)
        for action in (
            lambda: services.decide(request_id=request_id, actor=worker, outcome="accepted", reason="ok"),
            lambda: services.start_processing(request_id=request_id, actor=worker),
            lambda: services.request_correction(
                request_id=request_id,
                actor=worker,
                reason="incomplete",
                message="x",
                deadline=timezone.localdate() + dt.timedelta(days=3),
            ),
        ):
            with pytest.raises(services.CaseworkError, match="Impossible de"):
                action()
        after = Request.objects.get(pk=request_id)
    assert (after.state, after.decided_at) == (before.state, before.decided_at)


def test_an_agent_of_another_tenant_cannot_act(fouesnant, benodet) -> None:  # type: ignore[no-untyped-def]
    """A Bénodet agent acting in Fouesnant's schema is refused; nothing changes."""
    outsider = agent(benodet, "agent@benodet.example")
    request_id = make_request(fouesnant, service_slug=SVR_SLUG)
    with tenant_context(fouesnant):
        for action in (
            lambda: services.start_processing(request_id=request_id, actor=outsider),
            lambda: services.decide(request_id=request_id, actor=outsider, outcome="accepted", reason=""),
            lambda: services.add_note(request_id=request_id, actor=outsider, body="note"),
            lambda: services.record_read(request_id=request_id, actor=outsider),
        ):
            with pytest.raises(services.NotAllowed):
                action()
        request = Request.objects.get(pk=request_id)
        assert request.state == State.SUBMITTED and not request.notes.exists()
        assert not AuditEvent.objects.filter(target_id=request.reference, action="casework.request.read").exists()


def test_a_request_id_of_another_tenant_is_not_found(fouesnant, benodet) -> None:  # type: ignore[no-untyped-def]
    """Isolation: Bénodet's agent with the id of a Fouesnant request finds nothing in Bénodet."""
    request_id = make_request(fouesnant, service_slug=SVR_SLUG)
    worker = agent(benodet, "agent2@benodet.example")
    with tenant_context(benodet), pytest.raises(services.CaseworkError, match="introuvable"):
        services.start_processing(request_id=request_id + 100000, actor=worker)
    assert get_request(fouesnant, request_id).state == State.SUBMITTED


def test_a_correction_waits_for_the_citizen_then_moves_the_clock(fouesnant) -> None:  # type: ignore[no-untyped-def]
    """R-SVA-3: an incomplete request's acceptance clock restarts when the pieces arrive."""
    worker = agent(fouesnant, "agent.correction@fouesnant.example")
    request_id = make_request(fouesnant, service_slug=SVA_SLUG, state="in_processing", actor=worker)
    with tenant_context(fouesnant):
        due_before = Request.objects.get(pk=request_id).decision_due_on
        with pytest.raises(services.CaseworkError, match="postérieure"):
            services.request_correction(
                request_id=request_id, actor=worker, reason="incomplete", message="x", deadline=timezone.localdate()
            )
        with pytest.raises(services.CaseworkError, match="motif"):
            services.request_correction(
                request_id=request_id,
                actor=worker,
                reason="perdu",
                message="x",
                deadline=timezone.localdate() + dt.timedelta(days=5),
            )
        services.request_correction(
            request_id=request_id,
            actor=worker,
            reason="incomplete",
            message="Attestation de quotient familial",
            deadline=timezone.localdate() + dt.timedelta(days=15),
        )
        assert Request.objects.get(pk=request_id).state == State.AWAITING_CITIZEN
        with pytest.raises(services.CaseworkError, match="pièce"):
            services.answer_correction(request_id=request_id, answer="  ")
        services.answer_correction(request_id=request_id, answer="Voici mon attestation.")
        request = Request.objects.get(pk=request_id)
        with pytest.raises(services.CaseworkError, match="Aucune correction"):
            services.answer_correction(request_id=request_id, answer="encore")
    assert request.state == State.IN_PROCESSING
    assert request.decision_due_on is not None and due_before is not None
    assert request.decision_due_on >= due_before  # restarted today: never earlier
    assert "casework.correction" in _outbox(fouesnant, request_id)
    assert "casework.citizen_replied" in _outbox(fouesnant, request_id)


def test_bulk_assignment_to_an_agent_and_a_team(fouesnant) -> None:  # type: ignore[no-untyped-def]
    from guichet.casework.models import Team

    lead = agent(fouesnant, "chef@fouesnant.example")
    worker = agent(fouesnant, "urbanisme@fouesnant.example")
    ids = [make_request(fouesnant, service_slug=SVR_SLUG) for _ in range(2)]
    with tenant_context(fouesnant):
        team = Team.objects.create(name="Vie associative")
        assert services.assign(request_ids=ids, actor=lead, agent_id=worker.pk, team_id=team.pk) == 2
        assert set(Request.objects.filter(pk__in=ids).values_list("assigned_to", "team")) == {(worker.pk, team.pk)}
        with pytest.raises(services.CaseworkError, match="ne fait pas partie"):
            services.assign(request_ids=ids, actor=lead, agent_id=lead.pk + 9999)
        assert set(Request.objects.filter(pk__in=ids).values_list("assigned_to", flat=True)) == {worker.pk}


# --- The daily clock (R-SVA-4) ------------------------------------------------------------------


def test_r_sva_4_the_daily_job_accepts_implicitly_exactly_once(fouesnant) -> None:  # type: ignore[no-untyped-def]
    """R-SVA-4: run twice, one decision, one attestation PDF, one email."""
    request_id = make_request(fouesnant, service_slug=SVA_SLUG)
    with tenant_context(fouesnant):
        due = Request.objects.get(pk=request_id).decision_due_on
        assert due is not None
        assert daily_clock.run_daily_clock(today=due - dt.timedelta(days=1)).applied == []
        first = daily_clock.run_daily_clock(today=due)
        second = daily_clock.run_daily_clock(today=due)
        request = Request.objects.get(pk=request_id)
        attestations = list(Document.objects.filter(request_id=request_id, kind="attestation"))
        events = Event.objects.filter(request_id=request_id, kind="implicit_decision").count()
    assert first.applied == [request.reference] and second.applied == []
    assert request.state == State.IMPLICITLY_ACCEPTED
    assert len(attestations) == 1 and events == 1
    assert "décision implicite d'acceptation" in attestations[0].content["sections"][1][1][0]
    assert _outbox(fouesnant, request_id).count("casework.implicit_decision") == 1


def test_r_sva_4_implicit_rejection_sends_the_means_of_appeal(fouesnant) -> None:  # type: ignore[no-untyped-def]
    request_id = make_request(fouesnant, service_slug=SVR_SLUG)
    with tenant_context(fouesnant):
        due = Request.objects.get(pk=request_id).decision_due_on
        daily_clock.run_daily_clock(today=due)
        request = Request.objects.get(pk=request_id)
        mail = OutboxMessage.objects.get(related=f"request:{request_id}", event="casework.implicit_decision")
        attestations = Document.objects.filter(request_id=request_id, kind="attestation").count()
    assert request.state == State.IMPLICITLY_REJECTED and attestations == 0
    assert "rejetée implicitement" in mail.body_text and "tribunal administratif" in mail.body_text


def test_r_sva_4_a_request_waiting_for_the_citizen_is_not_decided(fouesnant) -> None:  # type: ignore[no-untyped-def]
    """R-SVA-3: a pending correction counts as resolved today, so the date moves with it."""
    request_id = make_request(fouesnant, service_slug=SVR_SLUG, state="awaiting_citizen")
    with tenant_context(fouesnant):
        due = Request.objects.get(pk=request_id).decision_due_on
        report = daily_clock.run_daily_clock(today=due + dt.timedelta(days=30))
        request = Request.objects.get(pk=request_id)
    assert report.applied == [] and request.state == State.AWAITING_CITIZEN
    assert request.decision_due_on > due + dt.timedelta(days=30)


def test_r_sva_4_agents_are_warned_once_before_the_date(fouesnant, settings) -> None:  # type: ignore[no-untyped-def]
    settings.GUICHET_IMPLICIT_DECISION_WARNING_DAYS = 10
    worker = agent(fouesnant, "veille@fouesnant.example")
    request_id = make_request(fouesnant, service_slug=SVA_SLUG, state="in_processing", actor=worker)
    with tenant_context(fouesnant):
        due = Request.objects.get(pk=request_id).decision_due_on
        assert daily_clock.run_daily_clock(today=due - dt.timedelta(days=11)).warned == []
        reference = Request.objects.get(pk=request_id).reference
        assert daily_clock.run_daily_clock(today=due - dt.timedelta(days=10)).warned == [reference]
        assert daily_clock.run_daily_clock(today=due - dt.timedelta(days=9)).warned == []
        warnings = OutboxMessage.objects.filter(related=f"request:{request_id}", event="casework.deadline_warning")
        assert list(warnings.values_list("to", flat=True)) == ["veille@fouesnant.example"]


def test_the_daily_job_fans_out_to_every_tenant_but_public_and_the_template(demo, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Each tenant's run carries its schema (tenant-schemas-celery); public and the template are skipped."""
    from guichet.casework import tasks

    sent: list[str] = []
    monkeypatch.setattr(tasks.daily_clock, "apply_async", lambda headers, **_: sent.append(headers["_schema_name"]))
    schemas = daily_clock_everywhere()
    assert sent == schemas
    assert "public" not in sent and "tenant_template" not in sent
    assert {demo.epci.schema_name, demo["fouesnant"].schema_name} <= set(sent)


def test_a_citizen_with_a_phone_gets_short_sms_for_a_correction_and_the_decision(fouesnant) -> None:  # type: ignore[no-untyped-def]
    from guichet.notifications import api as notifications
    from guichet.notifications.models import RecordedSms

    worker = agent(fouesnant, "agent.sms@fouesnant.example")
    with_phone = make_request(
        fouesnant, service_slug=SVR_SLUG, phone="06 12 34 56 78", state="in_processing", actor=worker
    )
    without = make_request(fouesnant, service_slug=SVR_SLUG, state="in_processing", actor=worker)
    with tenant_context(fouesnant):
        for request_id in (with_phone, without):
            services.request_correction(
                request_id=request_id,
                actor=worker,
                reason="outdated",
                message="Attestation d'assurance de l'année",
                deadline=timezone.localdate() + dt.timedelta(days=10),
            )
            services.decide(request_id=request_id, actor=worker, outcome="closed", reason="Sans réponse.")
        notifications.flush_due()
        sms = [d for d in notifications.deliveries(f"request:{with_phone}") if d.channel == "sms"]
        none = [d for d in notifications.deliveries(f"request:{without}") if d.channel == "sms"]
        recorded = list(RecordedSms.objects.values_list("to", "text"))
    assert [(d.event, d.status) for d in sms] == [("casework.correction", "sent"), ("casework.decision", "sent")]
    assert none == []
    reference = get_request(fouesnant, with_phone).reference
    assert len(recorded) == 2 and all(to == "0612345678" and reference in text for to, text in recorded)
    assert all(len(text) < 300 for _, text in recorded)


def test_r_sva_3_a_service_that_restarts_the_clock_on_any_correction(fouesnant) -> None:  # type: ignore[no-untyped-def]
    """R-SVA-3: with the service's option, an "incorrect" correction restarts the clock too."""
    worker = agent(fouesnant, "agent.relance@fouesnant.example")
    request_id = make_request(fouesnant, service_slug=SVA_SLUG, state="in_processing", actor=worker)
    with tenant_context(fouesnant):
        request = Request.objects.get(pk=request_id)
        request.service_settings = {**request.service_settings, "restart_clock_on_any_correction": True}
        request.save(update_fields=["service_settings"])
        services.request_correction(
            request_id=request_id,
            actor=worker,
            reason="incorrect",
            message="Le nom de l'enfant est mal orthographié.",
            deadline=timezone.localdate() + dt.timedelta(days=5),
        )
        services.answer_correction(request_id=request_id, answer="Corrigé.")
        due = Request.objects.get(pk=request_id).decision_due_on
    from guichet.casework.clock import add_months

    assert due == add_months(timezone.localdate() + dt.timedelta(days=1), 2)


def test_teams_are_saved_by_administrators_only_with_the_tenants_agents(fouesnant, benodet) -> None:  # type: ignore[no-untyped-def]
    from guichet.casework.models import Team
    from guichet.roles.api import Role

    admin = agent(fouesnant, "admin.equipe@fouesnant.example", role=Role.COMMUNE_ADMIN)
    worker = agent(fouesnant, "membre@fouesnant.example")
    outsider = agent(benodet, "membre@benodet.example")
    with tenant_context(fouesnant):
        with pytest.raises(services.NotAllowed):
            services.save_team(actor=worker, name="Accueil", member_ids=[worker.pk])
        with pytest.raises(services.CaseworkError, match="nom"):
            services.save_team(actor=admin, name="   ", member_ids=[])
        with pytest.raises(services.CaseworkError, match="agents de la collectivité"):
            services.save_team(actor=admin, name="Accueil", member_ids=[outsider.pk])
        assert not Team.objects.exists()
        team = services.save_team(actor=admin, name="  Accueil   mairie ", member_ids=[worker.pk])
        assert list(Team.objects.get(pk=team.pk).members.all()) == [worker]
        renamed = services.save_team(actor=admin, name="Accueil", member_ids=[], team_id=team.pk)
        assert list(team.members.all()) == []  # read in Fouesnant's schema, after the change
        assert list(Team.objects.get(pk=team.pk).members.all()) == []
        actions = list(AuditEvent.objects.filter(target_type="team").values_list("action", flat=True))
    assert team.name == "Accueil mairie" and renamed.pk == team.pk and renamed.name == "Accueil"
    assert sorted(actions) == ["casework.team.changed", "casework.team.created"]
