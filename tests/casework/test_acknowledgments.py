"""The acknowledgments (R-SVE-3, R-SVE-4, R-SVE-5, R-SVE-7): each mention of the accusé de
réception computed from the frozen service settings, in the kept content and in the PDF
sent by email; the accusé d'enregistrement sent at once."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.storage import storages
from django.utils import timezone
from django_tenants.utils import tenant_context
from pypdf import PdfReader

from guichet.casework import lookups, services
from guichet.casework.documents import french_date
from guichet.casework.models import Document, Request
from guichet.notifications import api as notifications
from guichet.notifications.models import OutboxMessage
from tests.casework.factories import agent, make_request

pytestmark = pytest.mark.django_db

SVR_SLUG = "reservation-salle-municipale"  # silence vaut rejet, 2 months
SVA_SLUG = "inscription-restauration-scolaire"  # silence vaut acceptation, 2 months
NONE_SLUG = "inscription-scolaire"  # no implicit decision


def _receipt(tenant, slug: str) -> tuple[Request, Document]:  # type: ignore[no-untyped-def]
    request_id = make_request(tenant, service_slug=slug)
    with tenant_context(tenant):
        request = Request.objects.get(pk=request_id)
        return request, request.documents.get(kind="receipt")


def _pdf_text(tenant, document: Document) -> str:  # type: ignore[no-untyped-def]
    with tenant_context(tenant), storages["private"].open(document.path) as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_r_sve_3_a_the_date_of_receipt(fouesnant) -> None:  # type: ignore[no-untyped-def]
    """R-SVE-3 (a): the AR gives the date of receipt."""
    request, receipt = _receipt(fouesnant, SVR_SLUG)
    received = french_date(request.submitted_at)
    assert receipt.content["mentions"]["a"] == f"Date de réception de votre demande : {received}."
    assert received in _pdf_text(fouesnant, receipt)


def test_r_sve_3_b_the_handling_service_and_its_contacts(fouesnant) -> None:  # type: ignore[no-untyped-def]
    """R-SVE-3 (b): name of the handling service, its postal or email address and phone."""
    request, receipt = _receipt(fouesnant, SVR_SLUG)
    settings = request.service_settings
    mention = receipt.content["mentions"]["b"]
    assert settings["handling_service"] and settings["handling_service"] in mention
    for field in ("handling_email", "handling_phone"):
        if settings[field]:
            assert settings[field] in mention
    assert settings["handling_email"] or settings["handling_address"]
    assert settings["handling_service"] in _pdf_text(fouesnant, receipt)


def test_r_sve_3_c_implicit_rejection_and_its_date(fouesnant) -> None:  # type: ignore[no-untyped-def]
    """R-SVE-3 (c): silence means rejection, on a date computed by R-SVA-3, if complete."""
    request, receipt = _receipt(fouesnant, SVR_SLUG)
    submitted = timezone.localtime(request.submitted_at).date()
    assert request.decision_due_on is not None and request.decision_due_on > submitted + dt.timedelta(days=58)
    mention = receipt.content["mentions"]["c"]
    assert "réputée rejetée" in mention
    assert french_date(request.decision_due_on) in mention
    assert "à condition que votre demande soit complète" in mention
    assert "réputée rejetée" in _pdf_text(fouesnant, receipt)


def test_r_sve_3_c_implicit_acceptance_and_its_date(fouesnant) -> None:  # type: ignore[no-untyped-def]
    """R-SVE-3 (c): silence means acceptance, with the date."""
    request, receipt = _receipt(fouesnant, SVA_SLUG)
    mention = receipt.content["mentions"]["c"]
    assert "réputée acceptée" in mention and french_date(request.decision_due_on) in mention


def test_r_sve_3_c_no_implicit_decision(fouesnant) -> None:  # type: ignore[no-untyped-def]
    """R-SVE-3 (c): a service without implicit decision says so, with no date."""
    request, receipt = _receipt(fouesnant, NONE_SLUG)
    assert request.decision_due_on is None
    assert "ne donne pas lieu à une décision implicite" in receipt.content["mentions"]["c"]
    assert not {"d", "e"} & set(receipt.content["mentions"])


def test_r_sve_3_d_means_and_deadlines_of_appeal_for_implicit_rejection(fouesnant) -> None:  # type: ignore[no-untyped-def]
    """R-SVE-3 (d): for SVR, the voies et délais de recours; absent for SVA."""
    _, receipt = _receipt(fouesnant, SVR_SLUG)
    mention = receipt.content["mentions"]["d"]
    assert "deux mois" in mention and "tribunal administratif" in mention and "recours gracieux" in mention
    assert "Voies et délais de recours" in _pdf_text(fouesnant, receipt)
    _, sva_receipt = _receipt(fouesnant, SVA_SLUG)
    assert "d" not in sva_receipt.content["mentions"]


def test_r_sve_3_e_attestation_right_for_implicit_acceptance(fouesnant) -> None:  # type: ignore[no-untyped-def]
    """R-SVE-3 (e): for SVA, the right to ask for an attestation; absent for SVR."""
    _, receipt = _receipt(fouesnant, SVA_SLUG)
    assert "attestation" in receipt.content["mentions"]["e"] and "L232-3" in receipt.content["mentions"]["e"]
    assert "Attestation de décision implicite" in _pdf_text(fouesnant, receipt)
    _, svr_receipt = _receipt(fouesnant, SVR_SLUG)
    assert "e" not in svr_receipt.content["mentions"]


def test_r_sve_3_f_missing_pieces_and_deadline_when_incomplete(fouesnant) -> None:  # type: ignore[no-untyped-def]
    """R-SVE-3 (f): an incomplete request gets an AR listing the missing pieces and the deadline."""
    request, first = _receipt(fouesnant, SVA_SLUG)
    assert "f" not in first.content["mentions"]
    worker = agent(fouesnant, "instructeur@fouesnant.example")
    deadline = timezone.localdate() + dt.timedelta(days=20)
    with tenant_context(fouesnant):
        services.request_correction(
            request_id=request.pk,
            actor=worker,
            reason="incomplete",
            message="Justificatif de domicile de moins de trois mois",
            deadline=deadline,
        )
        receipts = list(Document.objects.filter(request_id=request.pk, kind="receipt").order_by("pk"))
    assert len(receipts) == 2
    mention = receipts[1].content["mentions"]["f"]
    assert "Justificatif de domicile de moins de trois mois" in mention and french_date(deadline) in mention
    assert "ne commencera qu'à la réception de ces pièces" in mention
    assert "Pièces manquantes" in _pdf_text(fouesnant, receipts[1])


def test_r_sve_4_and_5_both_acknowledgments_go_to_the_submission_email(fouesnant) -> None:  # type: ignore[no-untyped-def]
    """R-SVE-4, R-SVE-5: the registration at once and the AR (with its PDF) to the address used;
    their content is kept and their send time recorded once delivered."""
    request_id = make_request(fouesnant, service_slug=SVR_SLUG, email="lea.morvan@example.fr")
    with tenant_context(fouesnant):
        sent = {m.event: m for m in OutboxMessage.objects.filter(related=f"request:{request_id}")}
        assert set(sent) == {"casework.registered", "casework.receipt"}
        assert {m.to for m in sent.values()} == {"lea.morvan@example.fr"}
        request = Request.objects.get(pk=request_id)
        assert request.reference in sent["casework.registered"].subject
        assert "Date de réception" in sent["casework.receipt"].body_text
        receipt = request.documents.get(kind="receipt")
        assert receipt.outbox_id == sent["casework.receipt"].pk
        assert receipt.content["mentions"]["a"]
        assert lookups.receipt_sent_at(request) is None  # R-SVE-7: not sent yet
        notifications.flush_due()
        sent_at = lookups.receipt_sent_at(request)
    assert sent_at is not None and sent_at >= request.submitted_at


def test_the_reference_is_human_readable_and_sequential(fouesnant) -> None:  # type: ignore[no-untyped-def]
    first = make_request(fouesnant, service_slug=SVR_SLUG)
    second = make_request(fouesnant, service_slug=SVR_SLUG)
    with tenant_context(fouesnant):
        a, b = (Request.objects.get(pk=pk).reference for pk in (first, second))
    year = timezone.localdate().year
    assert a.startswith(f"FOU-{year}-") and len(a) == len(f"FOU-{year}-000001")
    assert int(b.rsplit("-", 1)[1]) == int(a.rsplit("-", 1)[1]) + 1
