"""The agents' "Courriels reçus" in the tenant's Wagtail admin: list, item page (text escaped,
audited reads and downloads), the actions (convert into a request, answer, file without
follow-up) with their state checks, the administrators' "Boîte de réception" settings, and
isolation between communes."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.core.files.storage import storages
from django_tenants.utils import tenant_context

from guichet.audit.models import AuditEvent
from guichet.inbox import services
from guichet.inbox.models import InboundMessage, MailboxSettings, Status
from guichet.notifications.models import OutboxMessage
from guichet.roles.api import Role
from tenants.models import Tenant
from tests.casework.factories import PASSWORD, agent
from tests.conftest import DemoTenants, site_client
from tests.inbox.helpers import raw_email

pytestmark = pytest.mark.django_db

LIST = "/admin/courriels/"
SETTINGS = "/admin/courriels/reglages/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _login(tenant: Tenant, email: str, role: str = Role.AGENT) -> tuple[Any, Any]:
    user = agent(tenant, email, role=role, first_name="Katell", last_name="Accueil")
    client = site_client(tenant)
    assert client.post("/compte/connexion/", {"username": email, "password": PASSWORD}).status_code == 302
    return client, user


def _received(tenant: Tenant, **kwargs: Any) -> InboundMessage:
    with tenant_context(tenant):
        item = services.ingest(raw_email(**kwargs), source="webhook")
        assert item is not None
        return item


def _item(tenant: Tenant, pk: int) -> InboundMessage:
    with tenant_context(tenant):
        return InboundMessage.objects.get(pk=pk)


def test_agents_list_filter_and_read_an_item_with_its_text_escaped_and_files_downloadable(demo: DemoTenants) -> None:
    """R-RGPD-5: every read of an email and of its files is audited."""
    fouesnant = demo["fouesnant"]
    client, me = _login(fouesnant, "courriels@fouesnant.example")
    hostile = _received(
        fouesnant,
        subject="<img src=x onerror=alert(1)> Permis",
        text="Voir <script>alert('x')</script> ci-joint.",
        attachments=[("plan cadastral.pdf", "application/pdf", PDF)],
    )
    other = _received(fouesnant, subject="Horaires de la mairie")
    with tenant_context(fouesnant):
        services.ignore(item_id=other.pk, actor=me, reason="Publicité")

    listing = client.get(LIST)
    assert listing.status_code == 200
    raw_page = listing.content.decode()
    assert "<img src=x" not in raw_page and "&lt;img src=x onerror=alert(1)&gt; Permis" in raw_page
    assert "Horaires de la mairie" in raw_page
    # The sidebar menu (JSON in the page) shows the count of new ones in its label.
    assert "Courriels re\\u00e7us (1)" in _text(client.get("/admin/"))
    new_only = _text(client.get(LIST, {"statut": "new"}))
    assert "Permis" in new_only and "Horaires de la mairie" not in new_only
    assert "Horaires de la mairie" in _text(client.get(LIST, {"statut": "ignored"}))
    assert client.get(LIST, {"statut": "<forgé>"}).status_code == 200  # an unknown filter is ignored

    page = client.get(f"{LIST}{hostile.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "<script>alert" not in body and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
    assert "Maïwenn Le Goff &lt;maiwenn.legoff@example.org&gt;" in body
    eml = client.get(f"{LIST}{hostile.pk}/original/")
    assert eml.status_code == 200 and eml["Content-Type"] == "message/rfc822"
    with tenant_context(fouesnant):
        with storages["private"].open(hostile.eml_path) as handle:
            assert b"".join(eml.streaming_content) == handle.read()
    attachment = client.get(f"{LIST}{hostile.pk}/pieces/1/")
    assert attachment.status_code == 200 and b"".join(attachment.streaming_content) == PDF
    assert attachment["Content-Type"] == "application/pdf" and "attachment" in attachment["Content-Disposition"]
    assert client.get(f"{LIST}{hostile.pk}/pieces/2/").status_code == 404
    assert client.get(f"{LIST}{hostile.pk}/pieces/0/").status_code == 404
    assert client.get(f"{LIST}{hostile.pk + 1000}/").status_code == 404
    with tenant_context(fouesnant):
        reads = AuditEvent.objects.filter(target_type="inbox.message", target_id=str(hostile.pk), actor_id=me.pk)
        assert {"inbox.read", "inbox.file_read"} <= set(reads.values_list("action", flat=True))
        assert reads.filter(action="inbox.file_read").count() == 2


def test_answering_sends_the_reply_to_the_sender_once(demo: DemoTenants) -> None:
    benodet = demo["benodet"]
    client, me = _login(benodet, "reponses@benodet.example")
    item = _received(benodet, subject="Horaires d'été")
    url = f"{LIST}{item.pk}/"

    empty = client.post(url, {"action": "answer", "body": "   "})
    assert empty.status_code == 400 and "Champ requis" in _text(empty)
    too_long = client.post(url, {"action": "answer", "body": "x" * 10001})
    assert too_long.status_code == 400
    assert _item(benodet, item.pk).status == Status.NEW

    done = client.post(url, {"action": "answer", "body": "La mairie est ouverte de 9 h à 12 h."})
    assert done.status_code == 302 and done["Location"] == url
    answered = _item(benodet, item.pk)
    assert (answered.status, answered.handled_by_id) == (Status.ANSWERED, me.pk)
    with tenant_context(benodet):
        [sent] = OutboxMessage.objects.filter(related=f"inbox:{item.pk}")
        assert AuditEvent.objects.filter(action="inbox.answered", target_id=str(item.pk)).exists()
    assert sent.to == "maiwenn.legoff@example.org" and sent.subject == "Re: Horaires d'été"
    assert "La mairie est ouverte de 9 h à 12 h." in sent.body_text and "Bonjour Maïwenn Le Goff" in sent.body_text
    page = _text(client.get(url))
    assert "Répondu" in page and "La mairie est ouverte" in page and 'value="answer"' not in page

    # Already answered: a second answer, a conversion or a filing is refused, nothing sent.
    for data in (
        {"action": "answer", "body": "Encore"},
        {"action": "ignore", "reason": "Doublon"},
        {"action": "convert", "service": "x"},
    ):
        again = client.post(url, data)
        assert again.status_code == 400
    assert "Ce courriel a déjà été traité (Répondu)" in _text(client.post(url, {"action": "answer", "body": "Encore"}))
    with tenant_context(benodet):
        assert OutboxMessage.objects.filter(related=f"inbox:{item.pk}").count() == 1
    assert client.post(url, {"action": "supprimer"}).status_code == 400


def test_filing_without_follow_up_needs_a_reason(demo: DemoTenants) -> None:
    pleuven = demo["pleuven"]
    client, me = _login(pleuven, "classement@pleuven.example")
    item = _received(pleuven, subject="Offre promotionnelle")
    url = f"{LIST}{item.pk}/"
    refused = client.post(url, {"action": "ignore", "reason": ""})
    assert refused.status_code == 400 and "Champ requis" in _text(refused)
    assert client.post(url, {"action": "ignore", "reason": "Publicité"}).status_code == 302
    filed = _item(pleuven, item.pk)
    assert (filed.status, filed.ignore_reason, filed.handled_by_id) == (Status.IGNORED, "Publicité", me.pk)
    with tenant_context(pleuven):
        assert AuditEvent.objects.get(action="inbox.ignored", target_id=str(item.pk)).data == {"reason": "Publicité"}
        with pytest.raises(services.InboxError):
            services.ignore(item_id=item.pk, actor=me, reason="Encore")


@pytest.mark.parametrize("source", ["imap", "webhook"])
def test_an_email_becomes_a_request_with_the_email_as_its_original(demo: DemoTenants, mail_system, source) -> None:  # type: ignore[no-untyped-def]
    """Issue #6 check: an email sent to the local mail server (SMTP, delivered into the IMAP
    maildir, fetched by the poll task) — or pushed by the webhook — becomes an unsorted item,
    converted into a request for the right service (channel "email"), the .eml kept as the
    request's original."""
    import smtplib

    from guichet.casework.models import Request
    from guichet.inbox import tasks
    from services_catalog.services import publish_service
    from tests.inbox.helpers import configure_imap
    from tests.services_catalog.test_catalogue import _service

    pleuven = demo["pleuven"]
    with tenant_context(pleuven):
        publish_service(_service("encombrant-courriel", "Déclarer un encombrant"))
    token_raw = raw_email(subject="Encombrant devant chez moi", sender="Nolwenn Kerouac <nolwenn.k@example.fr>")
    if source == "imap":
        configure_imap(pleuven, mail_system)
        with smtplib.SMTP("127.0.0.1", mail_system.smtp_port, timeout=10) as smtp:
            smtp.sendmail("nolwenn.k@example.fr", ["accueil@pleuven.example"], token_raw)
        with tenant_context(pleuven):
            assert tasks.poll_mailbox()["ok"] is True
            item_id = InboundMessage.objects.get(subject="Encombrant devant chez moi").pk
    else:
        with tenant_context(pleuven):
            token = services.save_settings(actor=None, webhook_enabled=True).webhook_token
        posted = site_client(pleuven).generic("POST", f"/courriels-entrants/{token}/", token_raw, "message/rfc822")
        assert posted.status_code == 201
        item_id = posted.json()["id"]
    with tenant_context(pleuven):
        with storages["private"].open(InboundMessage.objects.get(pk=item_id).eml_path) as handle:
            stored_eml = handle.read()
    desk, clerk = _login(pleuven, "guichet.courriel@pleuven.example")
    url = f"{LIST}{item_id}/"
    page = _text(desk.get(url))
    assert "Transformer en demande" in page and "Déclarer un encombrant" in page

    # Bad input: no service, a forged one; nothing changes.
    assert desk.post(url, {"action": "convert", "service": ""}).status_code == 400
    forged = desk.post(url, {"action": "convert", "service": "inexistante"})
    assert forged.status_code == 400 and "Sélectionnez un choix valide" in _text(forged)
    assert _item(pleuven, item_id).status == Status.NEW

    started = desk.post(url, {"action": "convert", "service": "encombrant-courriel"})
    assert started.status_code == 302
    converted = _item(pleuven, item_id)
    assert converted.status == Status.CONVERTED and converted.draft_url == started["Location"]
    assert "Reprendre le formulaire commencé" in _text(desk.get(url))  # not submitted yet: no request
    opened = desk.get(started["Location"])
    assert opened["Location"] == "/demarches/encombrant-courriel/formulaire/"
    step1 = _text(desk.get("/demarches/encombrant-courriel/formulaire/1/"))
    assert "canal : Par courriel" in step1 and "courriel.eml" in step1
    desk.post("/demarches/encombrant-courriel/formulaire/1/", {"nom": "Kerouac", "courriel": "nolwenn.k@example.fr"})
    desk.post("/demarches/encombrant-courriel/formulaire/2/", {"voie": "non"})
    review = _text(desk.get("/demarches/encombrant-courriel/formulaire/verification/"))
    key = re.search(r'name="submission_key" value="([0-9a-f-]{36})"', review)
    assert key, review
    identity = {
        "first_name": "Nolwenn",
        "last_name": "Kerouac",
        "email": "nolwenn.k@example.fr",
        "postal_address": "4 rue du Bourg\n29170 Pleuven",
        "submission_key": key.group(1),
    }
    submitted = desk.post("/demarches/encombrant-courriel/formulaire/verification/", identity)
    assert submitted.status_code == 302
    with tenant_context(pleuven):
        request = Request.objects.get(service_slug="encombrant-courriel")
        original = request.files.get(kind="original")
        with storages["private"].open(original.path) as handle:
            kept = handle.read()
        assert AuditEvent.objects.filter(action="inbox.converted", target_id=str(item_id), actor_id=clerk.pk).exists()
    assert (request.channel, request.recorded_by_id) == ("email", clerk.pk)
    assert original.name == "courriel.eml" and kept == stored_eml
    assert stored_eml.replace(b"\r\n", b"\n").rstrip().endswith(token_raw.rstrip().rsplit(b"\n\n", 1)[1])

    # Converted: neither answered nor converted again; the item now names its request.
    assert "déjà été traité" in _text(desk.post(url, {"action": "answer", "body": "Bonjour"}))
    page = _text(desk.get(url))
    assert request.reference in page and "Reprendre le formulaire commencé" not in page
    assert _item(pleuven, item_id).request_reference == request.reference
    with tenant_context(pleuven):
        assert AuditEvent.objects.get(action="inbox.request_linked").data == {"reference": request.reference}


def test_a_commune_agent_sees_nothing_of_another_communes_mail(demo: DemoTenants) -> None:
    fouesnant, benodet = demo["fouesnant"], demo["benodet"]
    theirs = _received(benodet, subject="Secret de Bénodet", attachments=[("a.pdf", "application/pdf", PDF)])
    mine = _received(fouesnant, subject="Courriel de Fouesnant")
    client, _me = _login(fouesnant, "curieux@fouesnant.example")
    assert "Secret de Bénodet" not in _text(client.get(LIST))
    for path in (f"{LIST}{theirs.pk}/", f"{LIST}{theirs.pk}/original/", f"{LIST}{theirs.pk}/pieces/1/"):
        if theirs.pk != mine.pk:
            assert client.get(path).status_code == 404, path
    if theirs.pk != mine.pk:
        assert client.post(f"{LIST}{theirs.pk}/", {"action": "ignore", "reason": "x"}).status_code == 404
        assert client.post(f"{LIST}{theirs.pk}/", {"action": "convert", "service": "x"}).status_code == 404
    # On Bénodet's own host, a Fouesnant agent is nobody.
    other_host = site_client(benodet)
    other_host.cookies = client.cookies
    for path in (LIST, f"{LIST}{theirs.pk}/", f"{LIST}{theirs.pk}/original/", SETTINGS):
        response = other_host.get(path)
        assert response.status_code in (302, 403), (path, response.status_code)
        assert "Secret de Bénodet" not in _text(response)
    assert _item(benodet, theirs.pk).status == Status.NEW


def test_citizens_and_editors_are_kept_out(demo: DemoTenants) -> None:
    gouesnach = demo["gouesnach"]
    item = _received(gouesnach)
    editor, _ = _login(gouesnach, "editrice@gouesnach.example", role=Role.EDITOR)
    assert editor.get(LIST).status_code == 403
    assert editor.get(f"{LIST}{item.pk}/original/").status_code == 403
    assert "/admin/courriels/" not in _text(editor.get("/admin/"))
    anonymous = site_client(gouesnach)
    assert anonymous.get(f"{LIST}{item.pk}/original/").status_code == 302


# --- Settings ------------------------------------------------------------------------------------


def test_the_mailbox_settings_are_for_administrators_and_check_their_input(demo: DemoTenants, mail_system) -> None:  # type: ignore[no-untyped-def]
    fouesnant = demo["fouesnant"]
    agent_client, _ = _login(fouesnant, "simple.agent@fouesnant.example")
    assert agent_client.get(SETTINGS).status_code == 403
    assert agent_client.post(SETTINGS, {"action": "token"}).status_code == 403
    admin, boss = _login(fouesnant, "admin.boite@fouesnant.example", role=Role.COMMUNE_ADMIN)
    assert admin.get(SETTINGS).status_code == 200

    good = {
        "host": "127.0.0.1",
        "port": str(mail_system.imap_port),
        "tls_mode": "none",
        "username": mail_system.user,
        "password": mail_system.password,
        "folder": "INBOX",
        "webhook_enabled": "on",
    }
    for bad, message in (
        ({"port": "70000"}, "inférieure ou égale à 65535"),
        ({"port": "abc"}, "Saisissez un nombre entier"),
        ({"host": "imap://serveur"}, "sans protocole ni port"),
        ({"tls_mode": "ssl3"}, "Sélectionnez un choix valide"),
        ({"folder": ""}, "Champ requis"),
        ({"enabled": "on", "host": ""}, "Pour activer la relève"),
        ({"enabled": "on", "password": ""}, "renseignez le serveur, l'identifiant et le mot de passe"),
    ):
        response = admin.post(SETTINGS, {**good, **bad})
        assert response.status_code == 400 and message in _text(response), bad
    with tenant_context(fouesnant):
        assert not MailboxSettings.objects.filter(host="127.0.0.1").exists()

    saved = admin.post(SETTINGS, {**good, "enabled": "on"})
    assert saved.status_code == 302
    page = _text(admin.get(SETTINGS))
    assert mail_system.password not in page and "Un mot de passe est enregistré" in page
    with tenant_context(fouesnant):
        row = MailboxSettings.current()
        assert (row.enabled, row.port, row.webhook_enabled) == (True, mail_system.imap_port, True)
        assert AuditEvent.objects.filter(action="inbox.settings_saved", actor_id=boss.pk).exists()
        assert mail_system.password not in str(AuditEvent.objects.filter(action="inbox.settings_saved").values())
    assert row.webhook_token in page  # the webhook address is shown to the administrator

    tested = admin.post(SETTINGS, {**good, "password": "", "action": "test"}, follow=True)
    assert "Connexion réussie" in _text(tested)  # an empty password field keeps the stored one
    failed = _text(admin.post(SETTINGS, {**good, "password": "faux", "action": "test"}, follow=True))
    assert "Échec de la connexion" in failed and "Identification refusée" in failed
    assert "Échec de la dernière connexion" in failed  # and the state shown at the top of the page
    with tenant_context(fouesnant):
        assert AuditEvent.objects.filter(action="inbox.connection_tested", actor_id=boss.pk).count() == 2
    bad_test = admin.post(SETTINGS, {**good, "port": "0", "action": "test"})
    assert bad_test.status_code == 400  # nothing saved, nothing tested

    # A new webhook address: the old one stops working.
    old = row.webhook_token
    admin.post(SETTINGS, {"action": "token"})
    with tenant_context(fouesnant):
        new = MailboxSettings.current().webhook_token
    assert new != old
    raw = raw_email()
    assert (
        site_client(fouesnant).generic("POST", f"/courriels-entrants/{old}/", raw, "message/rfc822").status_code == 404
    )
    assert (
        site_client(fouesnant).generic("POST", f"/courriels-entrants/{new}/", raw, "message/rfc822").status_code == 201
    )
    # Unticked, the webhook is off again, even with the right address.
    admin.post(SETTINGS, {key: value for key, value in good.items() if key != "webhook_enabled"})
    other = raw_email(subject="Après fermeture")
    assert (
        site_client(fouesnant).generic("POST", f"/courriels-entrants/{new}/", other, "message/rfc822").status_code
        == 404
    )
