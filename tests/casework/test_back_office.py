"""The agents' back office in the tenant's Wagtail admin (/admin/demandes/): the work queue
and its filters, bulk assignment, the request page (audited reads, R-RGPD-5), its actions
and downloads — each tenant's agents see their own requests only."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import tenant_context

from guichet.audit.models import AuditEvent
from guichet.casework import services
from guichet.casework.models import Note, Request, RequestFile, State, Team
from guichet.roles.api import Role
from tenants.models import Tenant
from tests.casework.factories import PASSWORD, agent, get_request, make_request
from tests.conftest import DemoTenants, site_client

QUEUE = "/admin/demandes/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _login(tenant: Tenant, email: str, role: str = Role.AGENT, **names: str) -> tuple[Any, Any]:
    user = agent(tenant, email, role=role, **names)
    client = site_client(tenant)
    assert client.post("/compte/connexion/", {"username": email, "password": PASSWORD}).status_code == 302
    return client, user


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _refs(tenant: Tenant, *ids: int) -> list[str]:
    return [get_request(tenant, pk).reference for pk in ids]


def _absent_id(tenant: Tenant) -> int:
    """An id no request of `tenant` has (a forged one, or another tenant's)."""
    with tenant_context(tenant):
        return (Request.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


@pytest.mark.django_db
def test_queue_lists_the_tenants_requests_with_each_filter_search_and_sort(demo: DemoTenants) -> None:
    fouesnant = demo["fouesnant"]
    client, me = _login(fouesnant, "agent.file@fouesnant.example", first_name="Anne", last_name="Quéré")
    today = timezone.localdate()
    soon = make_request(fouesnant, silence="svr", due_on=today + dt.timedelta(days=3))
    late = make_request(
        fouesnant,
        first_name="Élodie",
        last_name="Kerné",
        channel="counter",
        state=State.IN_PROCESSING,
        due_on=today - dt.timedelta(days=2),
    )
    closed = make_request(fouesnant, first_name="Yann", last_name="Morvan", state=State.CLOSED)
    mine = make_request(
        fouesnant, service_slug="inscription-restauration-scolaire", first_name="Gwen", last_name="Tanguy"
    )
    with tenant_context(fouesnant):
        team = Team.objects.create(name="Affaires scolaires")
        services.assign(request_ids=[mine], actor=me, agent_id=me.pk, team_id=team.pk)
    ref_soon, ref_late, ref_closed, ref_mine = refs = _refs(fouesnant, soon, late, closed, mine)

    def shown(**params: Any) -> set[str]:
        response = client.get(QUEUE, params)
        assert response.status_code == 200
        return {ref for ref in refs if ref in response.content.decode()}

    assert shown() == set(refs)
    assert shown(etat="ouvertes") == {ref_soon, ref_late, ref_mine}
    assert shown(etat="closed") == {ref_closed}
    assert shown(demarche="inscription-restauration-scolaire") == {ref_mine}
    assert shown(mes="on") == {ref_mine}
    assert shown(equipe=team.pk) == {ref_mine}
    assert shown(canal="counter") == {ref_late}
    assert shown(retard="on") == {ref_late}
    assert shown(proches="on") == {ref_soon}  # within 7 days by default
    assert shown(proches="on", jours=2) == set()
    assert shown(q="kerne") == {ref_late}  # case and accents ignored
    assert shown(q="ÉLODIE kerné") == {ref_late}
    assert shown(q=ref_closed.lower()) == {ref_closed}
    assert shown(q="tanguy gwen") == {ref_mine}
    assert shown(etat="nonsense", q="") == set(refs)  # an invalid filter is ignored

    page = _text(client.get(QUEUE, {"tri": "echeance"}))
    assert page.index(ref_late) < page.index(ref_soon) < page.index(ref_closed)  # no date last
    page = _text(client.get(QUEUE, {"tri": "reference"}))
    assert page.index(ref_soon) < page.index(ref_late) < page.index(ref_closed) < page.index(ref_mine)
    assert "cw-due--overdue" in page and "cw-due--soon" in page
    assert "Commune d'origine" not in page  # a commune's queue: its own requests only


@pytest.mark.django_db
def test_epci_queue_shows_a_shared_request_made_on_benodet_with_its_origin(demo: DemoTenants) -> None:
    benodet = demo["benodet"]
    shared = make_request(benodet, service_slug="collecte-encombrants", last_name="Le Berre")
    local = make_request(benodet, last_name="Cariou")
    ref_shared = get_request(demo.epci, shared).reference
    ref_local = get_request(benodet, local).reference

    epci_client, _user = _login(demo.epci, "agent.file@epci.example")
    page = _text(epci_client.get(QUEUE, {"q": "le berre"}))
    assert ref_shared in page and ref_local not in page
    assert "Commune d'origine" in page and "<td>Bénodet</td>" in page

    benodet_client, _user = _login(benodet, "agent.file@benodet.example")
    page = _text(benodet_client.get(QUEUE))
    assert ref_local in page and ref_shared not in page


@pytest.mark.django_db
def test_bulk_assignment_assigns_all_or_nothing(demo: DemoTenants) -> None:
    fouesnant = demo["fouesnant"]
    client, _me = _login(fouesnant, "agent.bulk@fouesnant.example")
    colleague = agent(fouesnant, "collegue.bulk@fouesnant.example", first_name="Loïc", last_name="Bihan")
    first, second = make_request(fouesnant), make_request(fouesnant)
    closed = make_request(fouesnant, state=State.REJECTED)
    with tenant_context(fouesnant):
        team = Team.objects.create(name="Accueil")

    response = client.post(
        QUEUE + "?etat=ouvertes",
        {"demandes": [first, second], "agent": colleague.pk, "team": team.pk, "retour": "etat=ouvertes&x=1"},
    )
    assert response.status_code == 302 and response["Location"] == QUEUE + "?etat=ouvertes"
    for pk in (first, second):
        req = get_request(fouesnant, pk)
        assert (req.assigned_to_id, req.team_id) == (colleague.pk, team.pk)

    for forged in ([first, _absent_id(fouesnant)], [first, closed]):
        response = client.post(QUEUE, {"demandes": forged, "agent": "", "team": ""})
        assert response.status_code == 400
        assert "rien n'a été changé" in _text(response)
        assert get_request(fouesnant, first).assigned_to_id == colleague.pk

    response = client.post(QUEUE, {"demandes": [first], "agent": "999999999"})  # not an agent here
    assert response.status_code == 400
    response = client.post(QUEUE, {"agent": colleague.pk})
    assert response.status_code == 400 and "Cochez au moins une demande" in _text(response)
    assert get_request(fouesnant, first).assigned_to_id == colleague.pk


@pytest.mark.django_db
def test_only_the_tenants_agents_get_in(demo: DemoTenants) -> None:
    benodet = demo["benodet"]
    request_id = make_request(benodet)
    fouesnant_client, fouesnant_agent = _login(demo["fouesnant"], "agent.acces@fouesnant.example")
    # The same person on Bénodet's site: no role there.
    on_benodet = site_client(benodet)
    on_benodet.post("/compte/connexion/", {"username": fouesnant_agent.email, "password": PASSWORD})
    for url in (QUEUE, f"{QUEUE}{request_id}/"):
        response = on_benodet.get(url)
        assert response.status_code in (302, 403)  # Wagtail's own gate answers first (no admin access)
        assert response.status_code == 302 or "Le Gall" not in _text(response)
    # An editor of Bénodet reaches the admin, but not the requests.
    editor, _user = _login(benodet, "editeur.acces@benodet.example", role=Role.EDITOR)
    assert editor.get(QUEUE).status_code == 403
    assert editor.get(f"{QUEUE}{request_id}/").status_code == 403
    assert "/admin/demandes/" not in _text(editor.get("/admin/"))  # no menu item
    with tenant_context(benodet):
        assert not AuditEvent.objects.filter(action="casework.request.read").exists()
    # An administrator is an agent too.
    admin, _user = _login(benodet, "admin.acces@benodet.example", role=Role.COMMUNE_ADMIN)
    assert admin.get(QUEUE).status_code == 200


@pytest.mark.django_db
def test_opening_a_request_is_audited_and_shows_everything(demo: DemoTenants) -> None:
    """R-RGPD-5: every opening of a request by an agent writes an audit row in its schema."""
    fouesnant = demo["fouesnant"]
    client, me = _login(fouesnant, "agent.lecture@fouesnant.example")
    request_id = make_request(fouesnant, phone="0298000000", state=State.IN_PROCESSING)
    with tenant_context(fouesnant):
        services.add_note(request_id=request_id, actor=me, body="Appeler le demandeur jeudi")
    reference = get_request(fouesnant, request_id).reference

    response = client.get(f"{QUEUE}{request_id}/")
    assert response.status_code == 200
    page = _text(response)
    for expected in (
        reference,
        "Camille",
        "Le Gall",
        "camille.legall@example.fr",
        "0298000000",
        "29170 Fouesnant",
        "Note interne — jamais visible de l'usager",
        "Appeler le demandeur jeudi",
        "Instruction commencée",
        "Accusé de réception",
        "Envois",
        "Accusé de réception non encore envoyé : les délais de recours ne sont pas opposables.",
    ):
        assert expected in page, expected
    assert "interne" in page  # the note's timeline event is marked internal
    client.get(f"{QUEUE}{request_id}/")
    with tenant_context(fouesnant):
        reads = AuditEvent.objects.filter(action="casework.request.read", target_id=reference)
        assert reads.count() == 2 and set(reads.values_list("actor_id", flat=True)) == {me.pk}
    assert client.get(f"{QUEUE}{_absent_id(fouesnant)}/").status_code == 404


@pytest.mark.django_db
def test_actions_refuse_bad_input_and_leave_the_request_unchanged(demo: DemoTenants) -> None:
    fouesnant = demo["fouesnant"]
    client, me = _login(fouesnant, "agent.actions@fouesnant.example")
    request_id = make_request(fouesnant)
    url = f"{QUEUE}{request_id}/"
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    def refused(data: dict[str, Any], message: str) -> None:
        response = client.post(url, data)
        assert response.status_code == 400, data
        assert message in _text(response), message
        req = get_request(fouesnant, request_id)
        assert req.state == State.SUBMITTED and req.decided_at is None
        with tenant_context(fouesnant):
            assert not Note.objects.filter(request_id=request_id).exists()
            assert not req.corrections.exists()

    refused({"action": "note", "body": "   "}, "Champ requis.")
    refused({"action": "note", "body": "   "}, "L'action n'a pas été faite : corrigez les erreurs signalées.")
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    refused(
        {"action": "correction", "reason": "incomplete", "message": "RIB", "deadline": yesterday},
        "La date limite doit être postérieure à aujourd'hui.",
    )
    refused({"action": "correction", "reason": "forged", "message": "RIB", "deadline": tomorrow}, "Motif")
    refused({"action": "decide", "outcome": "rejected", "reason": "", "confirm": "on"}, "Indiquez le motif")
    refused({"action": "decide", "outcome": "accepted", "reason": ""}, "Champ requis.")  # no confirmation
    refused({"action": "decide", "outcome": "implicitly_accepted", "reason": "x", "confirm": "on"}, "Décision")
    refused({"action": "forged"}, "Action inconnue.")
    refused({"action": "message", "body": "Bonjour", "attachment": SimpleUploadedFile("a.pdf", b"MZ...")}, "type")

    # The same actions, done right.
    assert client.post(url, {"action": "start"}).status_code == 302
    assert get_request(fouesnant, request_id).assigned_to_id == me.pk
    assert client.post(url, {"action": "note", "body": "Dossier complet"}).status_code == 302
    response = client.post(
        url, {"action": "message", "body": "Voici le formulaire", "attachment": SimpleUploadedFile("f.pdf", PDF)}
    )
    assert response.status_code == 302
    response = client.post(
        url, {"action": "correction", "reason": "incorrect", "message": "RIB illisible", "deadline": tomorrow}
    )
    assert response.status_code == 302 and get_request(fouesnant, request_id).state == State.AWAITING_CITIZEN
    assert client.post(url, {"action": "decide", "outcome": "accepted", "confirm": "on"}).status_code == 302
    assert get_request(fouesnant, request_id).state == State.ACCEPTED

    # A decided request refuses a second decision, a correction and a start (forged forms).
    for data in (
        {"action": "decide", "outcome": "closed", "reason": "Doublon", "confirm": "on"},
        {"action": "correction", "reason": "incomplete", "message": "RIB", "deadline": tomorrow},
        {"action": "start"},
    ):
        response = client.post(url, data)
        assert response.status_code == 400 and "la demande est « Acceptée »" in _text(response)
        assert get_request(fouesnant, request_id).state == State.ACCEPTED
    page = _text(client.get(url))
    assert "Enregistrer la décision" not in page and "Demander la correction" not in page

    # Another tenant's (or a forged) id: nothing found here.
    absent = _absent_id(fouesnant)
    assert client.post(f"{QUEUE}{absent}/", {"action": "note", "body": "x"}).status_code == 404


@pytest.mark.django_db
def test_downloads_are_checked_per_request_and_audited(demo: DemoTenants) -> None:
    fouesnant = demo["fouesnant"]
    client, me = _login(fouesnant, "agent.fichiers@fouesnant.example")
    first, second = make_request(fouesnant), make_request(fouesnant)
    with tenant_context(fouesnant):
        message = services.send_message(
            request_id=first, actor=me, body="Pièce", uploads=[services.Upload("piece.pdf", PDF, "pdf")]
        )
        file = RequestFile.objects.get(message=message)
        receipt = get_request(fouesnant, first).documents.filter(kind="receipt").first()
    assert receipt is not None

    response = client.get(f"{QUEUE}{first}/fichiers/{file.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    assert {"private", "no-store"} <= {v.strip() for v in response["Cache-Control"].split(",")}
    assert "attachment" in response["Content-Disposition"]
    document = client.get(f"{QUEUE}{first}/documents/{receipt.pk}/")
    assert document.status_code == 200 and b"".join(document.streaming_content).startswith(b"%PDF")

    assert client.get(f"{QUEUE}{second}/fichiers/{file.pk}/").status_code == 404
    assert client.get(f"{QUEUE}{second}/documents/{receipt.pk}/").status_code == 404
    with tenant_context(fouesnant):
        reads = AuditEvent.objects.filter(action="casework.file.read")
        assert reads.count() == 2 and reads.filter(actor_id=me.pk).count() == 2


@pytest.mark.django_db
def test_r_sve_7_the_page_says_when_the_receipt_went_out(demo: DemoTenants) -> None:
    """R-SVE-7: the receipt counts once its email is sent; the page says so, with the date."""
    from guichet.notifications import api as notifications

    fouesnant = demo["fouesnant"]
    client, _me = _login(fouesnant, "agent.ar@fouesnant.example")
    request_id = make_request(fouesnant)
    page = _text(client.get(f"{QUEUE}{request_id}/"))
    assert "Accusé de réception non encore envoyé" in page
    with tenant_context(fouesnant):
        notifications.flush_due()
    page = _text(client.get(f"{QUEUE}{request_id}/"))
    assert "Accusé de réception envoyé le" in page and "non encore envoyé" not in page
    assert "camille.legall@example.fr" in page  # the "Envois" table lists each email


@pytest.mark.django_db
def test_teams_are_managed_by_administrators_with_members_among_agents(demo: DemoTenants) -> None:
    fouesnant = demo["fouesnant"]
    admin, _user = _login(fouesnant, "admin.equipes@fouesnant.example", role=Role.COMMUNE_ADMIN)
    member = agent(fouesnant, "membre.equipes@fouesnant.example", first_name="Katell", last_name="Riou")
    outsider = agent(demo["benodet"], "autre.equipes@benodet.example")
    assert "Katell Riou" in _text(admin.get(f"{QUEUE}equipes/new/"))
    response = admin.post(f"{QUEUE}equipes/new/", {"name": "Urbanisme", "members": [member.pk, outsider.pk]})
    assert response.status_code == 200  # an agent of another commune is not a choice
    with tenant_context(fouesnant):
        assert not Team.objects.filter(name="Urbanisme").exists()
    response = admin.post(f"{QUEUE}equipes/new/", {"name": "Urbanisme", "members": [member.pk]})
    assert response.status_code == 302
    with tenant_context(fouesnant):
        team = Team.objects.get(name="Urbanisme")
        assert list(team.members.all()) == [member]
        # Written through the services: an audit row with the members.
        from guichet.audit.models import AuditEvent

        row = AuditEvent.objects.get(action="casework.team.created", target_id=str(team.pk))
        assert row.data == {"name": "Urbanisme", "members": [member.pk]}
    assert "Urbanisme" in _text(admin.get(f"{QUEUE}equipes/"))

    plain_agent, _user = _login(fouesnant, "agent.equipes@fouesnant.example")
    assert plain_agent.get(f"{QUEUE}equipes/").status_code == 302  # Wagtail: no permission
    assert plain_agent.post(f"{QUEUE}equipes/new/", {"name": "Pirate"}).status_code == 302
    with tenant_context(fouesnant):
        assert not Team.objects.filter(name="Pirate").exists()
    # The sidebar menu (JSON in the page): the queue for every agent, the teams for administrators.
    menu = _text(plain_agent.get("/admin/"))
    assert "/admin/demandes/" in menu and "/admin/demandes/equipes/" not in menu
    assert "/admin/demandes/equipes/" in _text(admin.get("/admin/"))
