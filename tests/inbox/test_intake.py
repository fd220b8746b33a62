"""Incoming email becomes unsorted items: IMAP relève against a real local mail system
(pymap + an SMTP server delivering into its maildir), the inbound webhook, and the parsing
of odd or hostile messages."""

from __future__ import annotations

import smtplib

import pytest
from django.core.files.storage import storages
from django_tenants.utils import tenant_context

from guichet.audit.models import AuditEvent
from guichet.inbox import parsing, services, tasks
from guichet.inbox.models import InboundMessage, MailboxSettings, Status
from tests.conftest import DemoTenants, site_client
from tests.inbox.helpers import configure_imap, enable_webhook, raw_email
from tests.inbox.mail_servers import MailSystem, unused_port_refusing

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _send(mail: MailSystem, raw: bytes, to: str = "accueil@fouesnant.example") -> None:
    with smtplib.SMTP("127.0.0.1", mail.smtp_port, timeout=10) as smtp:
        smtp.sendmail("maiwenn.legoff@example.org", [to], raw)


def _items(tenant) -> list[InboundMessage]:  # type: ignore[no-untyped-def]
    with tenant_context(tenant):
        return list(InboundMessage.objects.order_by("pk"))


def test_an_email_sent_over_smtp_becomes_one_unsorted_item_after_the_poll(demo: DemoTenants, mail_system) -> None:  # type: ignore[no-untyped-def]
    fouesnant = demo["fouesnant"]
    configure_imap(fouesnant, mail_system)
    raw = raw_email(subject="Inscription cantine", attachments=[("justificatif.pdf", "application/pdf", PDF)])
    before = mail_system.delivered()
    _send(mail_system, raw)
    assert mail_system.delivered() == before + 1

    with tenant_context(fouesnant):
        result = tasks.poll_mailbox()
    assert result["ok"] is True and result["fetched"] >= 1, result

    [item] = [i for i in _items(fouesnant) if i.subject == "Inscription cantine"]
    assert item.status == Status.NEW and item.source == "imap"
    assert item.from_address == "maiwenn.legoff@example.org" and item.from_name == "Maïwenn Le Goff"
    assert "copie de mon acte de naissance" in item.body_text
    assert item.eml_path.startswith(f"{fouesnant.schema_name}/courriels/") and item.eml_path.endswith(".eml")
    with tenant_context(fouesnant):
        with storages["private"].open(item.eml_path) as handle:
            kept = handle.read()
        # The MTA added its trace headers; the message itself is there byte for byte.
        body_of_raw = raw.replace(b"\r\n", b"\n").split(b"\n", 1)[1].rstrip()
        assert kept.startswith(b"Return-Path: <maiwenn.legoff@example.org>")
        assert kept.replace(b"\r\n", b"\n").rstrip().endswith(body_of_raw)
        [attachment] = item.attachments
        assert attachment["name"] == "justificatif.pdf" and attachment["size"] == len(PDF)
        with storages["private"].open(attachment["path"]) as handle:
            assert handle.read() == PDF
        assert AuditEvent.objects.filter(action="inbox.received", target_id=str(item.pk)).exists()
        row = MailboxSettings.current()
        assert row.last_ok is True and row.last_error == ""

    # Polling again: the message is \Seen now, and even unseen again it is not stored twice.
    with tenant_context(fouesnant):
        again = tasks.poll_mailbox()
    assert again["ok"] is True and again["fetched"] == 0
    assert len([i for i in _items(fouesnant) if i.subject == "Inscription cantine"]) == 1


def test_the_same_message_id_is_stored_once_even_when_fetched_again(demo: DemoTenants, mail_system) -> None:  # type: ignore[no-untyped-def]
    """Idempotent by Message-ID: a message delivered twice (or unflagged on the server) stays one item."""
    benodet = demo["benodet"]
    configure_imap(benodet, mail_system)
    raw = raw_email(subject="Deux fois le même", message_id="<meme-message@example.org>")
    _send(mail_system, raw)
    _send(mail_system, raw)
    with tenant_context(benodet):
        first = tasks.poll_mailbox()
        second = tasks.poll_mailbox()
    assert first["ok"] and second["fetched"] == 0
    items = [i for i in _items(benodet) if i.message_id == "<meme-message@example.org>"]
    assert len(items) == 1
    with tenant_context(benodet):
        assert services.ingest(raw, source="webhook") is None


def test_a_wrong_imap_password_is_reported_on_the_settings_page_and_never_crashes(
    demo: DemoTenants, mail_system
) -> None:  # type: ignore[no-untyped-def]
    from guichet.roles.api import Role
    from tests.casework.factories import PASSWORD, agent

    pleuven = demo["pleuven"]
    configure_imap(pleuven, mail_system, password="pas le bon")
    with tenant_context(pleuven):
        result = tasks.poll_mailbox()
        assert InboundMessage.objects.count() == 0
    assert result["ran"] is True and result["ok"] is False
    assert "Identification refusée" in result["error"]

    agent(pleuven, "admin.courriel@pleuven.example", role=Role.COMMUNE_ADMIN)
    client = site_client(pleuven)
    assert (
        client.post(
            "/compte/connexion/", {"username": "admin.courriel@pleuven.example", "password": PASSWORD}
        ).status_code
        == 302
    )
    page = client.get("/admin/courriels/reglages/").content.decode()
    assert "Échec de la dernière connexion" in page and "Identification refusée" in page
    assert "pas le bon" not in page  # the password is never shown again


def test_an_unreachable_server_is_reported_and_the_fan_out_carries_each_schema(demo: DemoTenants, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    gouesnach = demo["gouesnach"]
    with tenant_context(gouesnach):
        services.save_settings(
            actor=None,
            enabled=True,
            host="127.0.0.1",
            port=unused_port_refusing(),
            tls_mode="none",
            username="x",
            password="y",
            folder="INBOX",
            webhook_enabled=False,
        )
        result = tasks.poll_mailbox()
        assert result["ok"] is False and "Connexion impossible" in result["error"]
        assert MailboxSettings.current().last_ok is False
        # Not enabled: nothing tried, nothing reported.
        services.save_settings(actor=None, enabled=False)
        assert tasks.poll_mailbox()["ran"] is False

    sent: list[str] = []
    monkeypatch.setattr(tasks.poll_mailbox, "apply_async", lambda headers, **_: sent.append(headers["_schema_name"]))
    schemas = tasks.poll_mailboxes_everywhere()
    assert sent == schemas and "public" not in sent and "tenant_template" not in sent
    assert {demo.epci.schema_name, gouesnach.schema_name} <= set(sent)


def test_the_imap_password_is_stored_encrypted(demo: DemoTenants, mail_system) -> None:  # type: ignore[no-untyped-def]
    fouesnant = demo["fouesnant"]
    configure_imap(fouesnant, mail_system)
    with tenant_context(fouesnant):
        row = MailboxSettings.current()
        assert row.password_encrypted and mail_system.password not in row.password_encrypted
        services.save_settings(actor=None, host="imap.example.org")  # no password given: kept
        from guichet.inbox import crypto

        assert crypto.decrypt(MailboxSettings.current().password_encrypted) == mail_system.password
        assert crypto.decrypt("pas un jeton") == ""


# --- The webhook ------------------------------------------------------------------------------------


def _post(tenant, token: str, body: bytes, content_type: str = "message/rfc822"):  # type: ignore[no-untyped-def]
    return site_client(tenant).generic("POST", f"/courriels-entrants/{token}/", body, content_type=content_type)


def test_the_webhook_stores_a_posted_message_once(demo: DemoTenants) -> None:
    bénodet = demo["benodet"]
    token = enable_webhook(bénodet)
    raw = raw_email(subject="Par webhook", html="<p>Bonjour <script>alert(1)</script><b>le service</b></p>", text=None)
    response = _post(bénodet, token, raw)
    assert response.status_code == 201, response.content
    [item] = _items(bénodet)
    assert item.source == "webhook" and item.subject == "Par webhook"
    assert "Bonjour" in item.body_text and "le service" in item.body_text
    assert "<" not in item.body_text and "alert" not in item.body_text  # HTML turned into text, scripts dropped
    again = _post(bénodet, token, raw)
    assert again.status_code == 200 and again.json() == {"status": "duplicate", "id": item.pk}
    assert len(_items(bénodet)) == 1


def test_the_webhook_refuses_wrong_tokens_disabled_hooks_other_methods_and_types(demo: DemoTenants) -> None:
    bénodet, fouesnant = demo["benodet"], demo["fouesnant"]
    token = enable_webhook(bénodet)
    fouesnant_token = enable_webhook(fouesnant)
    raw = raw_email()
    assert _post(bénodet, "mauvais-jeton", raw).status_code == 404
    assert _post(bénodet, fouesnant_token, raw).status_code == 404  # another commune's token: nothing
    assert _post(fouesnant, token, raw).status_code == 404
    assert _items(bénodet) == [] and _items(fouesnant) == []
    with tenant_context(bénodet):
        assert AuditEvent.objects.filter(action="inbox.webhook_refused").count() == 2

    client = site_client(bénodet)
    assert client.get(f"/courriels-entrants/{token}/").status_code == 405
    assert client.put(f"/courriels-entrants/{token}/", raw, content_type="message/rfc822").status_code == 405
    assert _post(bénodet, token, b'{"a": 1}', content_type="application/json").status_code == 415
    assert _items(bénodet) == []

    with tenant_context(bénodet):
        services.save_settings(actor=None, webhook_enabled=False)
    assert _post(bénodet, token, raw).status_code == 404  # the right token, but disabled
    assert _items(bénodet) == []


def test_the_webhook_refuses_an_oversized_message(demo: DemoTenants, settings) -> None:  # type: ignore[no-untyped-def]
    settings.GUICHET_INBOX_MAX_BYTES = 50_000
    pleuven = demo["pleuven"]
    token = enable_webhook(pleuven)
    big = raw_email(attachments=[("gros.bin", "application/octet-stream", b"x" * 60_000)])
    response = _post(pleuven, token, big)
    assert response.status_code == 413
    assert _items(pleuven) == []
    assert _post(pleuven, token, raw_email(subject="Petit")).status_code == 201


def test_malformed_bytes_are_refused_or_stored_with_what_can_be_read(demo: DemoTenants) -> None:
    pleuven = demo["pleuven"]
    token = enable_webhook(pleuven)
    assert _post(pleuven, token, b"").status_code == 422
    assert _post(pleuven, token, b"\x00\xff\xfe garbage \x89PNG\r\n\r\n\x00").status_code == 422
    assert _items(pleuven) == []
    with tenant_context(pleuven):
        reasons = list(
            AuditEvent.objects.filter(action="inbox.refused").order_by("pk").values_list("data__reason", flat=True)
        )
    assert reasons == ["empty", "not_an_email"]

    # Broken but readable: no Message-ID, an undeclared charset, a broken Date, an unknown charset.
    broken = (
        b"From: =?utf-8?q?Jean_Dupr=C3=A9?= <jean@example.org>\r\n"
        b"Subject: Probl\xe8me de poubelle\r\n"
        b"Date: pas une date\r\n"
        b"Content-Type: text/plain; charset=x-inconnu\r\n"
        b"\r\n"
        b"Ma poubelle n'a pas \xe9t\xe9 ramass\xe9e.\r\n"
    )
    response = _post(pleuven, token, broken)
    assert response.status_code == 201, response.content
    [item] = _items(pleuven)
    assert item.from_address == "jean@example.org" and item.from_name == "Jean Dupré"
    assert item.message_id == parsing.synthetic_message_id(broken)
    assert item.sent_at is None and "poubelle" in item.body_text and item.parse_notes
    assert _post(pleuven, token, broken).status_code == 200  # the synthetic id deduplicates too

    # NUL bytes (refused by PostgreSQL in text) are dropped from the headers and the text.
    nul = b"From: nul@example.org\r\nSubject: Avec\x00NUL\r\n\r\nTexte\x00 ici\r\n"
    assert _post(pleuven, token, nul).status_code == 201
    with_nul = next(i for i in _items(pleuven) if i.from_address == "nul@example.org")
    assert (with_nul.subject, with_nul.body_text.strip()) == ("AvecNUL", "Texte ici")

    # A hostile attachment name: no folders, no header injection when downloaded.
    hostile = raw_email(subject="Pièce piégée", attachments=[("../../etc/passwd\r\nX-Injecté: 1", "text/plain", b"x")])
    assert _post(pleuven, token, hostile).status_code == 201
    [piece] = next(i for i in _items(pleuven) if i.subject == "Pièce piégée").attachments
    assert "/" not in piece["name"] and "\r" not in piece["name"] and "\n" not in piece["name"]
    assert piece["path"].startswith(f"{pleuven.schema_name}/courriels/") and ".." not in piece["path"]


def test_tls_modes_a_server_without_tls_gives_a_clear_error(demo: DemoTenants, mail_system) -> None:  # type: ignore[no-untyped-def]
    """SSL/TLS or STARTTLS asked of a server that speaks neither: refused with a French message,
    the password never sent in clear."""
    saint_evarzec = demo["saint-evarzec"]
    for mode, expected in (("ssl", "TLS"), ("starttls", "Connexion impossible")):
        with tenant_context(saint_evarzec):
            services.save_settings(
                actor=None,
                enabled=True,
                host="127.0.0.1",
                port=mail_system.imap_port,
                tls_mode=mode,
                username=mail_system.user,
                password=mail_system.password,
                folder="INBOX",
            )
            result = tasks.poll_mailbox()
        assert result["ok"] is False and expected in result["error"], (mode, result)
    # A folder that does not exist is reported as such.
    with tenant_context(saint_evarzec):
        services.save_settings(actor=None, tls_mode="none", folder="Archives/Inexistant")
        result = tasks.poll_mailbox()
    assert result["ok"] is False and "n'existe pas" in result["error"]


def test_a_token_guessing_loop_is_cut_off_without_flooding_the_audit_log(demo: DemoTenants) -> None:
    """After 20 refused calls in 10 minutes from one address, the webhook answers 429 without
    writing more audit rows; another collectivité's webhook is not affected."""
    from django.core.cache import cache

    bénodet, fouesnant = demo["benodet"], demo["fouesnant"]

    def forget_refusals() -> None:  # earlier tests' refusals from the test client's address
        with tenant_context(bénodet):
            cache.delete(services._refusals_key("127.0.0.1"))

    enable_webhook(bénodet)
    fouesnant_token = enable_webhook(fouesnant)
    raw = raw_email(subject="Après les essais")
    forget_refusals()
    with tenant_context(bénodet):
        before = AuditEvent.objects.filter(action="inbox.webhook_refused").count()
    try:
        for attempt in range(20):
            assert _post(bénodet, f"essai-{attempt}", raw).status_code == 404
        cut_off = _post(bénodet, "essai-21", raw)
        assert cut_off.status_code == 429 and "Trop de tentatives" in cut_off.json()["error"]
        with tenant_context(bénodet):
            assert AuditEvent.objects.filter(action="inbox.webhook_refused").count() == before + 20
        assert _post(fouesnant, fouesnant_token, raw).status_code == 201
    finally:
        forget_refusals()
