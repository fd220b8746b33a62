"""The guichet unique (issue #6, parts 1 and 3): an agent of a commune opens a citizen's draft
with its resume code and submits it with channel "counter"; an agent records a new request for a
citizen (found or created by email) through the counter, the phone, a letter, an email or a
social network, with the original attached. Bad codes, forged channels, non-agents and other
communes' agents are refused, nothing revealed, each attempt logged."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import tenant_context

from guichet.accounts.api import register_citizen
from guichet.accounts.models import User
from guichet.audit.models import AuditEvent
from guichet.casework import services as casework_services
from guichet.casework.models import Request
from services_catalog import api
from services_catalog.models import Draft, DraftStatus
from services_catalog.services import publish_service
from tests.casework.factories import PASSWORD, agent, make_request
from tests.conftest import DemoTenants, site_client
from tests.services_catalog.test_catalogue import _service, _shared

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
STEP1 = "/demarches/depot-test/formulaire/1/"
STEP2 = "/demarches/depot-test/formulaire/2/"
REVIEW = "/demarches/depot-test/formulaire/verification/"
RESUME = "/admin/guichet/reprendre/"
NEW = "/admin/guichet/nouvelle-demande/"
NEUTRAL = "Code inconnu ou expiré."


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _signed_in(tenant: Any, email: str, password: str = PASSWORD) -> Any:
    client = site_client(tenant)
    assert client.post("/compte/connexion/", {"username": email, "password": password}).status_code == 302
    return client


def _agent_client(tenant: Any, email: str) -> tuple[Any, Any]:
    user = agent(tenant, email, first_name="Yann", last_name="Guichet")
    return _signed_in(tenant, email), user


def _citizen_with_code(tenant: Any, email: str) -> tuple[Any, Any, str]:
    user = register_citizen(email=email, password=PASSWORD, first_name="Anne", last_name="Le Goff")
    client = _signed_in(tenant, email)
    client.post(STEP1, {"nom": "Le Goff", "courriel": email})
    page = _text(client.get(STEP2))
    code = re.search(r'<p class="resume-code"><strong>([A-Z0-9-]{9})</strong>', page)
    assert code, page
    return client, user, code.group(1)


def _key(page: str) -> str:
    match = re.search(r'name="submission_key" value="([0-9a-f-]{36})"', page)
    assert match, page
    return match.group(1)


def _refusals(tenant: Any, *agents: Any) -> list[str]:
    """The refusal reasons logged in `tenant` for these agents' attempts."""
    with tenant_context(tenant):
        found = AuditEvent.objects.filter(action="drafts.resume_refused", actor_id__in=[a.pk for a in agents])
        return [e.data.get("reason") for e in found]


@pytest.mark.django_db
@pytest.mark.usefixtures("no_leftover_drafts")
def test_an_agent_opens_a_citizen_draft_with_its_code_and_submits_it_at_the_counter(demo: DemoTenants) -> None:
    """A shared EPCI service completed at Pleuven's counter lands in the EPCI's queue, origin Pleuven."""
    _shared(demo)
    pleuven = demo["pleuven"]
    citizen_client, citizen, code = _citizen_with_code(pleuven, "anne.guichet@example.fr")
    desk, clerk = _agent_client(pleuven, "accueil@pleuven.example")

    # The QR code leads to the agent's page with the code filled in.
    form = _text(desk.get(f"{RESUME}?code={code}"))
    assert f'value="{code}"' in form and "Au guichet" in form and "Par un réseau social" in form
    opened = desk.post(RESUME, {"code": code.lower().replace("-", " "), "channel": "counter"})
    assert opened.status_code == 302 and opened["Location"] == "/demarches/depot-test/formulaire/"
    page = _text(desk.get(STEP2))
    assert "Saisie au guichet pour le compte de Anne Le Goff, canal : Au guichet" in page
    assert "resume-code" not in page and "Quitter la saisie pour l'usager" in page
    assert desk.post(STEP2, {"voie": "non"})["Location"] == REVIEW  # no file: the request leaves none on disk
    review = _text(desk.get(REVIEW))
    assert 'value="anne.guichet@example.fr"' in review  # the identity comes from the citizen's record
    assert "yann" not in review.lower() or "Saisie au guichet" in review
    identity = {
        "first_name": "Anne",
        "last_name": "Le Goff",
        "email": "anne.guichet@example.fr",
        "postal_address": "2 rue de l'Église\n29170 Pleuven",
        "phone": "",
    }
    key = _key(review)
    done = desk.post(REVIEW, {**identity, "submission_key": key})
    assert done.status_code == 302 and done["Location"] == "/admin/guichet/"
    assert desk.post(REVIEW, {**identity, "submission_key": key})["Location"] == "/admin/guichet/"  # double click
    with tenant_context(demo.epci):
        request = Request.objects.get()
        recorded = AuditEvent.objects.get(action="casework.request.recorded", target_id=request.reference)
    assert (request.channel, request.recorded_by_id, request.citizen_id) == ("counter", clerk.pk, citizen.pk)
    assert (request.origin_schema, request.answers["voie"]) == (pleuven.schema_name, "non")
    assert recorded.actor_id == clerk.pk and recorded.data["channel"] == "counter"
    with tenant_context(pleuven):
        draft = Draft.objects.get()
    assert draft.status == DraftStatus.SUBMITTED and draft.request_reference == request.reference
    assert "Saisie au guichet" not in _text(desk.get(STEP1))  # the agent left assisted mode

    # A submitted draft's code is dead.
    again = desk.post(RESUME, {"code": code, "channel": "counter"})
    assert again.status_code == 400 and NEUTRAL in _text(again)
    assert _refusals(pleuven, clerk) == ["submitted"]

    # The citizen sees it in their space with its channel.
    mine = _text(citizen_client.get("/mes-demandes/"))
    assert request.reference in mine and "Au guichet" in mine
    own_page = _text(citizen_client.get(f"/mes-demandes/{request.reference}/"))
    assert "Canal de dépôt : <strong>Au guichet</strong>" in own_page


@pytest.mark.django_db
@pytest.mark.usefixtures("no_leftover_drafts")
def test_wrong_expired_malformed_and_other_communes_codes_get_one_neutral_message(demo: DemoTenants) -> None:
    _shared(demo)
    pleuven, benodet = demo["pleuven"], demo["benodet"]
    _c, _u, pleuven_code = _citizen_with_code(pleuven, "pleuven.code@example.fr")
    _c2, _u2, benodet_code = _citizen_with_code(benodet, "benodet.code@example.fr")
    _c3, _u3, old_code = _citizen_with_code(pleuven, "ancien.code@example.fr")
    with tenant_context(pleuven):
        Draft.objects.filter(code=old_code.replace("-", "")).update(expires_at=timezone.now())
    desk, clerk = _agent_client(pleuven, "accueil.codes@pleuven.example")
    unknown = "ZZZZ-ZZZZ" if pleuven_code != "ZZZZ-ZZZZ" else "YYYY-YYYY"
    for code in ("ABCD-EFG", "<script>alert(1)</script>", unknown, old_code, benodet_code):
        response = desk.post(RESUME, {"code": code, "channel": "counter"})
        text = _text(response)
        assert response.status_code == 400 and NEUTRAL in text, code
        assert "<script>alert" not in response.content.decode()
    assert sorted(_refusals(pleuven, clerk)) == sorted(["malformed", "malformed", "unknown", "expired", "unknown"])
    # Bénodet's agent on Bénodet's admin cannot open Pleuven's draft either (drafts live per schema).
    benodet_desk, benodet_clerk = _agent_client(benodet, "accueil@benodet.example")
    response = benodet_desk.post(RESUME, {"code": pleuven_code, "channel": "counter"})
    assert response.status_code == 400 and NEUTRAL in _text(response)
    assert _refusals(benodet, benodet_clerk) == ["unknown"]
    # …and Pleuven's own agent still can.
    assert desk.post(RESUME, {"code": pleuven_code, "channel": "phone"}).status_code == 302


@pytest.mark.django_db
@pytest.mark.usefixtures("no_leftover_drafts")
def test_failed_codes_are_throttled_per_agent(demo: DemoTenants) -> None:
    _shared(demo)
    pleuven = demo["pleuven"]
    _c, _u, code = _citizen_with_code(pleuven, "throttle@example.fr")
    desk, clerk = _agent_client(pleuven, "accueil.throttle@pleuven.example")
    other_desk, _other = _agent_client(pleuven, "accueil.autre@pleuven.example")
    try:
        for _i in range(10):
            assert NEUTRAL in _text(desk.post(RESUME, {"code": "ABCD-2345", "channel": "counter"}))
        blocked = _text(desk.post(RESUME, {"code": code, "channel": "counter"}))
        assert "Trop de codes erronés : réessayez dans 15 minutes" in blocked
        assert _refusals(pleuven, clerk).count("throttled") == 1
        # Per agent: a colleague is not blocked.
        assert other_desk.post(RESUME, {"code": code, "channel": "counter"}).status_code == 302
    finally:
        cache.clear()


@pytest.mark.django_db
@pytest.mark.usefixtures("no_leftover_drafts")
def test_citizens_and_other_communes_agents_cannot_use_the_guichet(demo: DemoTenants) -> None:
    _shared(demo)
    pleuven = demo["pleuven"]
    citizen_client, _u, code = _citizen_with_code(pleuven, "curieuse@example.fr")
    for path in (RESUME, NEW, "/admin/guichet/"):
        response = citizen_client.get(path)
        assert response.status_code in (302, 403) and "Reprendre un brouillon" not in _text(response)
    response = citizen_client.post(RESUME, {"code": code, "channel": "counter"})
    assert response.status_code in (302, 403)
    # An agent of Bénodet signed in on Pleuven's site has no right there.
    agent(demo["benodet"], "agent.benodet@example.fr")
    benodet_on_pleuven = _signed_in(pleuven, "agent.benodet@example.fr")
    response = benodet_on_pleuven.post(RESUME, {"code": code, "channel": "counter"})
    assert response.status_code in (302, 403)
    assert "Saisie au guichet" not in _text(benodet_on_pleuven.get(STEP1))
    with tenant_context(pleuven):
        assert Draft.objects.get(owner=_u).status == DraftStatus.ACTIVE
    # The services refuse a non-agent whatever the view.
    with tenant_context(pleuven), pytest.raises(api.CatalogueError):
        api.start_assisted_draft(service_slug="depot-test", agent=_u, channel="counter", citizen_email="x@example.fr")


@pytest.mark.django_db
@pytest.mark.usefixtures("no_leftover_drafts")
def test_a_new_request_recorded_from_a_letter_keeps_the_original_first(demo: DemoTenants) -> None:
    pleuven = demo["pleuven"]
    with tenant_context(pleuven):
        publish_service(_service("encombrant-local", "Déclarer un encombrant"))
    desk, clerk = _agent_client(pleuven, "courrier@pleuven.example")
    page = _text(desk.get(NEW))
    assert "Déclarer un encombrant" in page and "Par courrier" in page
    assert re.search(r"<h1[^>]*>\s*Nouvelle demande\s*</h1>", page)  # the page's heading, not "Accueil"

    # Bad input: a forged channel, a forged service, a bad email, a refused original.
    forged = desk.post(NEW, {"service": "encombrant-local", "channel": "fax", "email": "a@example.fr"})
    assert forged.status_code == 400 and "Canal inconnu" in _text(forged)
    with tenant_context(pleuven):
        assert AuditEvent.objects.filter(action="drafts.channel_refused", data__channel="fax").exists()
    bad_service = desk.post(NEW, {"service": "inexistant", "channel": "post", "email": "a@example.fr"})
    assert "Cette démarche n'est pas proposée par cette collectivité." in _text(bad_service)
    bad_email = desk.post(NEW, {"service": "encombrant-local", "channel": "post", "email": "pas-un-courriel"})
    assert "Saisissez une adresse électronique valide" in _text(bad_email)
    exe = SimpleUploadedFile("courrier.pdf", b"MZ\x90\x00 not a pdf")
    bad_file = desk.post(
        NEW, {"service": "encombrant-local", "channel": "post", "email": "a@example.fr", "original": exe}
    )
    assert bad_file.status_code == 400 and "L'original doit être un courrier numérisé" in _text(bad_file)
    with tenant_context(pleuven):
        assert not Draft.objects.exists()
    assert not User.objects.filter(email="a@example.fr").exists()

    letter = SimpleUploadedFile("courrier-mme-kerouac.pdf", PDF, content_type="application/pdf")
    started = desk.post(
        NEW,
        {
            "service": "encombrant-local",
            "channel": "post",
            "email": "Nolwenn.Kerouac@Example.fr",
            "first_name": "Nolwenn",
            "last_name": "Kerouac",
            "original": letter,
        },
    )
    assert started.status_code == 302
    citizen = User.objects.get(email="nolwenn.kerouac@example.fr")
    assert not citizen.has_usable_password() and citizen.last_name == "Kerouac"
    opened = desk.get(started["Location"])
    assert opened["Location"] == "/demarches/encombrant-local/formulaire/"
    step1 = _text(desk.get("/demarches/encombrant-local/formulaire/1/"))
    assert "Fiche usager créée." in step1
    assert "Saisie au guichet pour le compte de Nolwenn Kerouac, canal : Par courrier" in step1
    assert "courrier-mme-kerouac.pdf" in step1
    desk.post("/demarches/encombrant-local/formulaire/1/", {"nom": "Kerouac", "courriel": citizen.email})
    desk.post("/demarches/encombrant-local/formulaire/2/", {"voie": "non"})
    review = _text(desk.get("/demarches/encombrant-local/formulaire/verification/"))
    identity = {
        "first_name": "Nolwenn",
        "last_name": "Kerouac",
        "email": citizen.email,
        "postal_address": "4 rue du Bourg\n29170 Pleuven",
    }
    assert (
        desk.post("/demarches/encombrant-local/formulaire/verification/", {**identity, "submission_key": _key(review)})[
            "Location"
        ]
        == "/admin/guichet/"
    )
    with tenant_context(pleuven):
        request = Request.objects.get()
        original = request.files.get(kind="original")
    assert (request.channel, request.recorded_by_id, request.citizen_id) == ("post", clerk.pk, citizen.pk)
    assert original.name == "courrier-mme-kerouac.pdf" and original.size == len(PDF)
    agent_page = _text(desk.get(f"/admin/demandes/{request.pk}/"))
    assert agent_page.index("Original (courrier / courriel)") < agent_page.index('id="cw-summary"')
    assert "enregistrée par Yann Guichet" in agent_page and "Par courrier" in agent_page
    download = desk.get(f"/admin/demandes/{request.pk}/fichiers/{original.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF

    # The same citizen again: found, not duplicated, and told so only after submitting the email.
    again = desk.post(NEW, {"service": "encombrant-local", "channel": "phone", "email": citizen.email})
    desk.get(again["Location"])
    assert "Fiche usager trouvée." in _text(desk.get("/demarches/encombrant-local/formulaire/1/"))
    assert User.objects.filter(email=citizen.email).count() == 1
    # Left for later: it waits in the agent's "saisies en cours", and only theirs.
    desk.post("/admin/guichet/quitter/")
    assert "Saisie au guichet" not in _text(desk.get("/demarches/encombrant-local/formulaire/1/"))
    index = _text(desk.get("/admin/guichet/"))
    with tenant_context(pleuven):
        waiting = Draft.objects.get(status=DraftStatus.ACTIVE, agent=clerk)
    assert "Déclarer un encombrant" in index and "Par téléphone" in index and "Nolwenn Kerouac" in index
    assert f"/mes-brouillons/{waiting.pk}/reprendre/" in index
    colleague, _c = _agent_client(pleuven, "collegue@pleuven.example")
    assert "Aucune saisie en cours." in _text(colleague.get("/admin/guichet/"))
    assert colleague.get(f"/mes-brouillons/{waiting.pk}/reprendre/").status_code == 404  # not theirs
    assert desk.get(f"/mes-brouillons/{waiting.pk}/reprendre/").status_code == 302
    assert "Saisie au guichet" in _text(desk.get("/demarches/encombrant-local/formulaire/1/"))


@pytest.mark.django_db
@pytest.mark.usefixtures("no_leftover_drafts")
def test_the_api_for_the_incoming_mailbox(demo: DemoTenants) -> None:
    _shared(demo)
    pleuven = demo["pleuven"]
    clerk = agent(pleuven, "api@pleuven.example")
    with tenant_context(pleuven):
        offered = api.assisted_services(pleuven)
        assert ("depot-test", "Signaler un dépôt (test)") in offered  # the EPCI's shared service
        email = api.OriginalFile(
            name="demande.eml", content=b"From: a@example.fr\nSubject: x\n\nBonjour", content_type="message/rfc822"
        )
        path = api.start_assisted_draft(
            service_slug="depot-test", agent=clerk, channel="email", citizen_email="courriel@example.fr", original=email
        )
        draft = Draft.objects.get()
        assert path == f"/mes-brouillons/{draft.pk}/reprendre/"
        assert (draft.channel, draft.agent_id, draft.original_name) == ("email", clerk.pk, "demande.eml")
        assert draft.owner.email == "courriel@example.fr"
        for kwargs, message in (
            ({"service_slug": "inexistant", "channel": "email"}, "n'est pas proposée"),
            ({"service_slug": "depot-test", "channel": "pigeon"}, "Canal inconnu"),
            ({"service_slug": "depot-test", "channel": "web"}, "Canal inconnu"),
        ):
            with pytest.raises(api.CatalogueError) as error:
                api.start_assisted_draft(agent=clerk, citizen_email="courriel@example.fr", **kwargs)
            assert message in " ".join(error.value.messages)
    with tenant_context(demo["benodet"]):
        assert not Draft.objects.exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("no_leftover_drafts")
def test_submit_request_refuses_an_unknown_channel_and_an_agent_recording_as_web(demo: DemoTenants) -> None:
    clerk = agent(demo["pleuven"], "canal@pleuven.example")
    with pytest.raises(casework_services.CaseworkError):
        make_request(demo["pleuven"], channel="fax")
    with tenant_context(demo["pleuven"]):
        detail = api.service_detail(demo["pleuven"], "attestation-d-accueil")
    assert detail is not None
    site = casework_services.Site.of_schema(demo["pleuven"].schema_name)
    assert site is not None
    with tenant_context(demo["pleuven"]), pytest.raises(casework_services.CaseworkError):
        casework_services.submit_request(
            service=casework_services.ServiceVersion.of(detail),
            answers={},
            identity=casework_services.Identity("A", "B", "a@example.fr", "1 rue\n29170 Pleuven"),
            origin=site,
            handler=site,
            submission_key=__import__("uuid").uuid4(),
            channel="web",
            recorded_by=clerk,
        )
    assert make_request(demo["pleuven"], channel="social")
