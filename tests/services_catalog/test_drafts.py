"""Cross-channel drafts (issue #6, part 3): a draft is kept in the database of the site where it
is filled, with a resume code and its QR code; a signed-in citizen resumes it on another device
and manages it in "Mes brouillons"; drafts expire after GUICHET_DRAFT_DAYS, the owner being
warned first, once."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import tenant_context

from guichet.accounts.api import register_citizen
from guichet.audit.models import AuditEvent as AuditEntry
from guichet.notifications.models import OutboxMessage as Outbox
from services_catalog import api, services
from services_catalog.models import Draft, DraftStatus
from services_catalog.tasks import expire_drafts
from tests.conftest import DemoTenants, site_client
from tests.services_catalog.test_catalogue import _shared

PASSWORD = "mot de passe très long"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
STEP1 = "/demarches/depot-test/formulaire/1/"
STEP2 = "/demarches/depot-test/formulaire/2/"


def _citizen_client(tenant: Any, email: str) -> tuple[Any, Any]:
    user = register_citizen(email=email, password=PASSWORD, first_name="Anne", last_name="Le Goff")
    client = site_client(tenant)
    assert client.post("/compte/connexion/", {"username": email, "password": PASSWORD}).status_code == 302
    return client, user


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _code(page: str) -> str:
    match = re.search(r'<p class="resume-code"><strong>([A-Z0-9]{4}-[A-Z0-9]{4})</strong>', page)
    assert match, page
    return match.group(1)


@pytest.mark.django_db
@pytest.mark.usefixtures("no_leftover_drafts")
def test_an_anonymous_draft_is_kept_in_the_database_with_a_resume_code_and_its_qr_code(demo: DemoTenants) -> None:
    _shared(demo)
    client = site_client(demo["pleuven"])
    first = _text(client.get(STEP1))
    assert "resume-code" not in first  # no draft (nor row) before a first answer: crawlers create nothing
    with tenant_context(demo["pleuven"]):
        assert not Draft.objects.exists()
    assert client.post(STEP1, {"nom": "Le Goff", "courriel": "anne@example.fr"})["Location"] == STEP2
    page = _text(client.get(STEP2))
    code = _code(page)
    assert set(code.replace("-", "")) <= set(services.RESUME_ALPHABET)
    assert "Présentez ce code au guichet de la mairie pour finir votre démarche avec un agent." in page
    assert "<svg" in page and 'role="img"' in page and f"QR code du code de reprise {code}" in page
    with tenant_context(demo["pleuven"]):
        draft = Draft.objects.get()
        session_pointer = client.session["demarches"]
    assert draft.code == code.replace("-", "") and draft.owner is None and draft.session_key
    assert list(session_pointer.values()) == [draft.pk]  # the session holds a pointer only
    assert draft.answers == {"nom": "Le Goff", "courriel": "anne@example.fr"}
    assert abs((draft.expires_at - timezone.now()) - dt.timedelta(days=30)) < dt.timedelta(minutes=1)
    # The review page shows it too; the draft lives in Pleuven's schema only.
    assert code in _text(client.get("/demarches/depot-test/formulaire/verification/"))
    with tenant_context(demo["benodet"]):
        assert not Draft.objects.exists()
    # Another visitor (another session) gets their own draft, never this one.
    other = site_client(demo["pleuven"])
    assert "Le Goff" not in _text(other.get(STEP1))


@pytest.mark.django_db
@pytest.mark.usefixtures("no_leftover_drafts")
def test_resume_codes_are_unique_unambiguous_and_normalised() -> None:
    assert not set("ILO01") & set(services.RESUME_ALPHABET)
    assert services.normalise_code(" abcd-efgh ") == "ABCDEFGH"
    assert services.normalise_code("ABCD EFGH") == "ABCDEFGH"
    for bad in ("", "ABCD-EFG", "ABCD-EFGHJ", "ABCD-EFG1", "ABCD-EFGO", "ABCD'EFGH", "<script>", "ABCDÉFGH"):
        assert services.normalise_code(bad) is None, bad


@pytest.mark.django_db
@pytest.mark.usefixtures("no_leftover_drafts")
def test_a_signed_in_citizen_resumes_on_another_device_and_manages_mes_brouillons(
    demo: DemoTenants, django_capture_on_commit_callbacks: Any
) -> None:
    _shared(demo)
    pleuven = demo["pleuven"]
    laptop, user = _citizen_client(pleuven, "anne.brouillon@example.fr")
    page = _text(laptop.get(STEP1))
    code = _code(page)  # a signed-in citizen's draft exists at once: the code shows on the first page
    laptop.post(STEP1, {"nom": "Le Goff", "courriel": "anne.brouillon@example.fr"})
    laptop.post(STEP2, {"voie": "non", "photo": SimpleUploadedFile("photo.png", PNG)})

    phone = site_client(pleuven)
    assert phone.post("/compte/connexion/", {"username": user.email, "password": PASSWORD}).status_code == 302
    listing = _text(phone.get("/mes-brouillons/"))
    assert "Signaler un dépôt (test)" in listing and code in listing
    with tenant_context(pleuven):
        draft = Draft.objects.get(owner=user)
    assert f"/mes-brouillons/{draft.pk}/reprendre/" in listing
    resumed = phone.get(f"/mes-brouillons/{draft.pk}/reprendre/")
    assert resumed["Location"] == "/demarches/depot-test/formulaire/"
    review = _text(phone.get("/demarches/depot-test/formulaire/verification/"))
    assert "Le Goff" in review and "photo.png" in review and code in review
    # The citizens' space helper sees it on every commune asked (only where it lives).
    rows = api.citizen_drafts(user_id=user.pk, schemas=[pleuven.schema_name, demo["benodet"].schema_name])
    assert [(r.schema, r.id, r.service_title, r.resume_url) for r in rows] == [
        (pleuven.schema_name, draft.pk, "Signaler un dépôt (test)", f"/mes-brouillons/{draft.pk}/reprendre/")
    ]
    assert api.citizen_drafts(user_id=user.pk + 999, schemas=[pleuven.schema_name]) == []

    # Delete: the row and its file go.
    photo = draft.answers["photo"]["path"]
    with django_capture_on_commit_callbacks(execute=True):
        response = phone.post(f"/mes-brouillons/{draft.pk}/supprimer/")
    assert response.status_code == 303
    with tenant_context(pleuven):
        assert not Draft.objects.filter(pk=draft.pk).exists()
        assert not storages["private"].exists(photo)
    assert "Vous n'avez aucun brouillon en cours sur ce site." in _text(phone.get("/mes-brouillons/"))


@pytest.mark.django_db
@pytest.mark.usefixtures("no_leftover_drafts")
def test_a_forged_draft_id_of_another_citizen_or_session_is_refused_and_logged(demo: DemoTenants) -> None:
    _shared(demo)
    pleuven = demo["pleuven"]
    owner, _user = _citizen_client(pleuven, "proprietaire@example.fr")
    owner.post(STEP1, {"nom": "Le Goff", "courriel": "proprietaire@example.fr"})
    anonymous = site_client(pleuven)
    anonymous.post(STEP1, {"nom": "Anonyme", "courriel": "anonyme@example.fr"})
    with tenant_context(pleuven):
        owned = Draft.objects.get(owner__isnull=False)
        orphan = Draft.objects.get(owner__isnull=True)
    intruder, _other = _citizen_client(pleuven, "intrus@example.fr")
    for draft in (owned, orphan):
        assert intruder.get(f"/mes-brouillons/{draft.pk}/reprendre/").status_code == 404
        assert intruder.post(f"/mes-brouillons/{draft.pk}/supprimer/").status_code == 303
        assert "Ce brouillon est introuvable." in _text(intruder.get("/mes-brouillons/"))
        # The intruder's own form never shows the other's answers.
        assert draft.answers["nom"] not in _text(intruder.get(STEP1))
    assert intruder.get("/mes-brouillons/not-a-number/reprendre/").status_code == 404
    with tenant_context(pleuven):
        assert Draft.objects.filter(pk__in=[owned.pk, orphan.pk]).count() == 2
        assert AuditEntry.objects.filter(action="drafts.access_refused").count() == 4
    # Signed out: the list asks to sign in.
    assert site_client(pleuven).get("/mes-brouillons/")["Location"].startswith("/compte/connexion/")
    # Cross-tenant: Pleuven's draft id on Bénodet's site is unknown.
    benodet_client, _b = _citizen_client(demo["benodet"], "benodet.voisin@example.fr")
    assert benodet_client.get(f"/mes-brouillons/{owned.pk}/reprendre/").status_code == 404


@pytest.mark.django_db
@pytest.mark.usefixtures("no_leftover_drafts")
def test_drafts_expire_after_a_warning_sent_once(
    demo: DemoTenants, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.GUICHET_DRAFT_DAYS = 30
    settings.GUICHET_DRAFT_WARNING_DAYS = 7
    _shared(demo)
    pleuven, benodet = demo["pleuven"], demo["benodet"]
    client, user = _citizen_client(pleuven, "oublieuse@example.fr")
    client.post(STEP1, {"nom": "Le Goff", "courriel": "oublieuse@example.fr"})
    client.post(STEP2, {"voie": "non", "photo": SimpleUploadedFile("photo.png", PNG)})
    other, _o = _citizen_client(benodet, "voisine@example.fr")
    other.post(STEP1, {"nom": "Voisine", "courriel": "voisine@example.fr"})
    with tenant_context(pleuven):
        draft = Draft.objects.get(owner=user)
    photo = draft.answers["photo"]["path"]
    now = timezone.now()

    with tenant_context(pleuven):
        assert services.expire_drafts(now=now + dt.timedelta(days=22)) == {"warned": 0, "expired": 0}
        assert services.expire_drafts(now=now + dt.timedelta(days=24)) == {"warned": 1, "expired": 0}
        assert services.expire_drafts(now=now + dt.timedelta(days=25)) == {"warned": 0, "expired": 0}  # once
        mail = Outbox.objects.get(related=f"draft:{draft.pk}")
        assert mail.to == "oublieuse@example.fr" and "Signaler un dépôt (test)" in mail.subject
        assert draft.display_code in mail.body_text and "/mes-brouillons/" in mail.body_text
    with tenant_context(pleuven), django_capture_on_commit_callbacks(execute=True):
        assert services.expire_drafts(now=now + dt.timedelta(days=31)) == {"warned": 0, "expired": 1}
    with tenant_context(pleuven):
        draft.refresh_from_db()
        assert draft.status == DraftStatus.EXPIRED and draft.answers == {}
        assert not storages["private"].exists(photo)
        assert AuditEntry.objects.filter(action="drafts.expired", target_id=str(draft.pk)).exists()
    # Bénodet's draft is untouched by Pleuven's run; the task runs in the current schema.
    with tenant_context(benodet):
        assert Draft.objects.get().status == DraftStatus.ACTIVE
        assert expire_drafts.run()["expired"] == 0
    # An expired draft is no longer offered, and the form starts afresh.
    assert "Vous n'avez aucun brouillon en cours sur ce site." in _text(client.get("/mes-brouillons/"))
    assert "Le Goff" not in _text(client.get(STEP1))


@pytest.mark.django_db
@pytest.mark.usefixtures("no_leftover_drafts")
def test_a_change_pushes_the_expiry_back_and_resets_the_warning(demo: DemoTenants, settings: Any) -> None:
    settings.GUICHET_DRAFT_DAYS = 10
    _shared(demo)
    client, user = _citizen_client(demo["pleuven"], "active@example.fr")
    client.post(STEP1, {"nom": "Le Goff", "courriel": "active@example.fr"})
    with tenant_context(demo["pleuven"]):
        draft = Draft.objects.get(owner=user)
        Draft.objects.filter(pk=draft.pk).update(
            expires_at=timezone.now() + dt.timedelta(days=2), warned_at=timezone.now()
        )
    client.post(STEP1, {"nom": "Le Goff-Martin", "courriel": "active@example.fr"})
    with tenant_context(demo["pleuven"]):
        draft.refresh_from_db()
    assert draft.warned_at is None
    assert abs(draft.expires_at - (timezone.now() + dt.timedelta(days=10))) < dt.timedelta(minutes=1)
    assert draft.answers["nom"] == "Le Goff-Martin"


def test_the_daily_expiry_fans_out_to_every_tenant_but_public_and_the_template(
    demo: DemoTenants, db: None, monkeypatch: Any
) -> None:
    from services_catalog import tasks

    sent: list[str] = []
    monkeypatch.setattr(tasks.expire_drafts, "apply_async", lambda headers, **_: sent.append(headers["_schema_name"]))
    schemas = tasks.expire_drafts_everywhere()
    assert sent == schemas and "public" not in sent and "tenant_template" not in sent
    assert {demo.epci.schema_name, demo["pleuven"].schema_name} <= set(sent)


def test_a_real_worker_expires_the_drafts_of_the_tenant_it_is_given(demo: DemoTenants, django_db_blocker: Any) -> None:
    """The worker runs the task in the schema of its headers: Pleuven's draft expires, Bénodet's stays."""
    from tests.workers import celery_worker

    pleuven, benodet = demo["pleuven"], demo["benodet"]
    with django_db_blocker.unblock():
        drafts = {}
        try:
            for tenant in (pleuven, benodet):
                with tenant_context(tenant):
                    detail = api.service_detail(tenant, "inscription-restauration-scolaire")
                    assert detail is not None
                    draft = services.create_draft(service=detail, session_key="worker-test")
                    Draft.objects.filter(pk=draft.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
                    drafts[tenant.schema_name] = draft.pk
            with celery_worker() as worker:
                result = expire_drafts.apply_async(headers={"_schema_name": pleuven.schema_name}, queue=worker.queue)
                outcome = result.get(timeout=60)
            assert outcome == {"schema": pleuven.schema_name, "warned": 0, "expired": 1}
            with tenant_context(pleuven):
                assert Draft.objects.get(pk=drafts[pleuven.schema_name]).status == DraftStatus.EXPIRED
            with tenant_context(benodet):
                assert Draft.objects.get(pk=drafts[benodet.schema_name]).status == DraftStatus.ACTIVE
        finally:
            for tenant in (pleuven, benodet):
                with tenant_context(tenant):
                    Draft.objects.filter(session_key="worker-test").delete()
                    AuditEntry.objects.filter(
                        action__startswith="drafts.", target_id__in=[str(i) for i in drafts.values()]
                    ).delete()
