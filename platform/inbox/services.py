"""Every write of the incoming mailbox: one function per action, one transaction, one audit row.

- `ingest(raw, source=…)`: a raw RFC 822 message becomes an unsorted item (idempotent by
  Message-ID), the .eml and the attachments kept in private storage.
- `poll()`: the IMAP relève of the current schema (the task's job), its result kept on the
  settings row; `check_connection()` the same without fetching anything.
- `convert`, `answer`, `ignore`: what an agent does with an item (from "new" only).
- `save_settings`, `new_webhook_token`: the tenant administrator's settings page.
- `record_read`, `record_file_read`: audited reads of an item and of its files.
"""

from __future__ import annotations

import logging
import re
import uuid as uuid_lib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.audit import api as audit
from guichet.notifications import api as notifications

from . import crypto, parsing
from .models import InboundMessage, MailboxSettings, Status
from .sources import ImapSource, MailSource, MailSourceError, PollReport

logger = logging.getLogger(__name__)

TARGET = "inbox.message"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_message_bytes() -> int:
    return int(getattr(settings, "GUICHET_INBOX_MAX_BYTES", DEFAULT_MAX_BYTES))


class InboxError(Exception):
    """An action refused (state, input); `message` is French, for the agent."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(InboxError):
    pass


# --- Ingestion ------------------------------------------------------------------------------


def _safe_name(name: str) -> str:
    cleaned = re.sub(r"[^\w.\-]+", "_", name, flags=re.ASCII).strip("._") or "piece"
    return cleaned[-100:]


@dataclass(frozen=True)
class Ingested:
    item: InboundMessage | None = None  # stored now
    existing_id: int | None = None  # already stored (same Message-ID)
    refused: str = ""  # "empty" | "too_large" | "not_an_email" | "unreadable"


def ingest(raw: bytes, *, source: str) -> InboundMessage | None:
    """Store a raw email as an unsorted item; None when nothing new was stored (the same
    Message-ID is already here, or the bytes are refused — the reason is logged)."""
    return ingest_with_outcome(raw, source=source).item


def ingest_with_outcome(raw: bytes, *, source: str) -> Ingested:
    """`ingest`, telling a duplicate from a refusal (the webhook answers differently)."""
    if not raw or not raw.strip():
        return _refuse(source, "empty", size=len(raw))
    if len(raw) > max_message_bytes():
        return _refuse(source, "too_large", size=len(raw))
    try:
        parsed = parsing.parse(raw)
    except Exception:  # never seen with the stdlib's lenient parser; refused rather than retried forever
        logger.exception("Incoming email could not be parsed (source %s)", source)
        return _refuse(source, "unreadable", size=len(raw))
    if not parsed.looks_like_mail:
        return _refuse(source, "not_an_email", size=len(raw))
    existing = InboundMessage.objects.filter(message_id=parsed.message_id).values_list("pk", flat=True).first()
    if existing is not None:
        logger.info("Incoming email %s already stored (source %s)", parsed.message_id, source)
        return Ingested(existing_id=existing)

    storage = storages["private"]
    item_uuid = uuid_lib.uuid4()
    saved: list[str] = []
    try:
        eml_path = storage.save(f"courriels/{item_uuid}.eml", ContentFile(raw))
        saved.append(eml_path)
        attachments = []
        for index, part in enumerate(parsed.attachments, start=1):
            path = storage.save(f"courriels/{item_uuid}/{index}-{_safe_name(part.name)}", ContentFile(part.content))
            saved.append(path)
            attachments.append(
                {"name": part.name[:255], "type": part.content_type, "size": len(part.content), "path": path}
            )
        with transaction.atomic():
            item = InboundMessage.objects.create(
                uuid=item_uuid,
                message_id=parsed.message_id,
                source=source,
                from_address=parsed.from_address,
                from_name=parsed.from_name,
                to=parsed.to,
                subject=parsed.subject,
                sent_at=parsed.sent_at,
                body_text=parsed.body_text,
                eml_path=eml_path,
                size=len(raw),
                attachments=attachments,
                parse_notes="\n".join(parsed.notes)[:2000],
            )
            audit.record(
                "inbox.received",
                target_type=TARGET,
                target_id=item.pk,
                data={"source": source, "from": parsed.from_address, "size": len(raw), "message_id": parsed.message_id},
            )
    except IntegrityError:  # the same message stored meanwhile (two polls at once)
        for path in saved:
            storage.delete(path)
        logger.info("Incoming email %s stored concurrently; duplicate dropped", parsed.message_id)
        existing = InboundMessage.objects.filter(message_id=parsed.message_id).values_list("pk", flat=True).first()
        return Ingested(existing_id=existing)
    except Exception:
        for path in saved:
            storage.delete(path)
        raise
    return Ingested(item=item)


def _refuse(source: str, reason: str, *, size: int) -> Ingested:
    logger.warning("Incoming email refused (source %s): %s, %s bytes", source, reason, size)
    with transaction.atomic():
        audit.record("inbox.refused", target_type=TARGET, data={"source": source, "reason": reason, "size": size})
    return Ingested(refused=reason)


# --- Polling -----------------------------------------------------------------------------------


def source_for(row: MailboxSettings) -> MailSource:
    return ImapSource(
        host=row.host,
        port=row.port,
        tls_mode=row.tls_mode,
        username=row.username,
        password=crypto.decrypt(row.password_encrypted),
        folder=row.folder or "INBOX",
    )


@dataclass(frozen=True)
class PollResult:
    ran: bool
    ok: bool
    fetched: int = 0
    error: str = ""


def _remember(*, ok: bool, error: str, count: int) -> None:
    with transaction.atomic():
        row = MailboxSettings.current()
        MailboxSettings.objects.filter(pk=row.pk).update(
            last_checked_at=timezone.now(), last_ok=ok, last_error=error[:2000], last_count=count
        )


def poll(*, source: MailSource | None = None) -> PollResult:
    """Fetch the new emails of the current schema's mailbox (when enabled). Never raises for
    a mail server problem: the error is logged and shown on the settings page."""
    row = MailboxSettings.current()
    if source is None:
        if not (row.enabled and row.host and row.username):
            return PollResult(ran=False, ok=True)
        source = source_for(row)
    try:
        report: PollReport = source.poll(lambda raw: ingest(raw, source="imap"))
    except MailSourceError as error:
        _remember(ok=False, error=str(error), count=0)
        return PollResult(ran=True, ok=False, error=str(error))
    problems = "; ".join(report.errors)
    _remember(ok=not report.failed, error=problems, count=report.fetched)
    return PollResult(ran=True, ok=not report.failed, fetched=report.fetched, error=problems)


def check_connection(*, actor: Any) -> PollResult:
    """The settings page's "Tester la connexion": log in and count the unseen messages, nothing fetched."""
    row = MailboxSettings.current()
    if not (row.host and row.username):
        raise InboxError(_("Renseignez le serveur et l'identifiant avant de tester la connexion."))
    try:
        count = source_for(row).check()
    except MailSourceError as error:
        result = PollResult(ran=True, ok=False, error=str(error))
    else:
        result = PollResult(ran=True, ok=True, fetched=count)
    _remember(ok=result.ok, error=result.error, count=0)
    with transaction.atomic():
        audit.record("inbox.connection_tested", actor=actor, target_type="inbox.settings", data={"ok": result.ok})
    return result


# --- Settings ----------------------------------------------------------------------------------


def save_settings(*, actor: Any, password: str = "", forget_password: bool = False, **fields: Any) -> MailboxSettings:
    """Save the mailbox settings; an empty `password` keeps the stored one."""
    allowed = {"enabled", "host", "port", "tls_mode", "username", "folder", "webhook_enabled"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unknown settings: {sorted(unknown)}")
    with transaction.atomic():
        row = MailboxSettings.current()
        row = MailboxSettings.objects.select_for_update().get(pk=row.pk)
        for name, value in fields.items():
            setattr(row, name, value)
        if forget_password:
            row.password_encrypted = ""
        elif password:
            row.password_encrypted = crypto.encrypt(password)
        if row.enabled and not (row.host and row.username and row.password_encrypted):
            raise InboxError(_("Pour activer la relève, renseignez le serveur, l'identifiant et le mot de passe."))
        row.save()
        audit.record(
            "inbox.settings_saved",
            actor=actor,
            target_type="inbox.settings",
            target_id=row.pk,
            data={**{k: fields[k] for k in sorted(fields)}, "password_changed": bool(password) or forget_password},
        )
    return row


def new_webhook_token(*, actor: Any) -> str:
    with transaction.atomic():
        row = MailboxSettings.current()
        row.webhook_token = MailboxSettings._meta.get_field("webhook_token").get_default()
        row.save(update_fields=["webhook_token", "updated_at"])
        audit.record("inbox.webhook_token_renewed", actor=actor, target_type="inbox.settings", target_id=row.pk)
    return row.webhook_token


WEBHOOK_REFUSALS_PER_WINDOW = 20
WEBHOOK_REFUSALS_WINDOW_SECONDS = 600


def _refusals_key(remote: str) -> str:
    return f"inbox:webhook-refusals:{remote}"  # the cache's key function adds the tenant's schema


def webhook_refusals_exceeded(remote: str) -> bool:
    """Too many refused calls from this address lately: answer 429 without more audit rows (a
    token-guessing loop must not flood the audit log)."""
    return int(cache.get(_refusals_key(remote), 0)) >= WEBHOOK_REFUSALS_PER_WINDOW


def record_webhook_refusal(*, reason: str, remote: str) -> None:
    logger.warning("Inbound webhook refused (%s) from %s", reason, remote)
    key = _refusals_key(remote)
    if cache.add(key, 1, WEBHOOK_REFUSALS_WINDOW_SECONDS) is False:
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WEBHOOK_REFUSALS_WINDOW_SECONDS)
    with transaction.atomic():
        audit.record("inbox.webhook_refused", target_type="inbox.settings", data={"reason": reason, "remote": remote})


# --- An agent's actions ------------------------------------------------------------------------


def _locked_new(item_id: int) -> InboundMessage:
    item = InboundMessage.objects.select_for_update().filter(pk=item_id).first()
    if item is None:
        raise NotFound(_("Ce courriel n'existe pas."))
    if item.status != Status.NEW:
        raise InboxError(
            _("Ce courriel a déjà été traité (%(status)s) : aucune autre action n'est possible.")
            % {"status": item.get_status_display()}
        )
    return item


def _handled(item: InboundMessage, actor: Any, status: str) -> None:
    item.status = status
    item.handled_by = actor
    item.handled_at = timezone.now()


def convert(*, item_id: int, actor: Any, tenant: Any, service_slug: str) -> str:
    """Start an assisted request for `service_slug` from the email (channel "email", the .eml
    as the original); the item is marked converted now. Returns the URL of the form."""
    from services_catalog import api as catalogue

    with transaction.atomic():
        item = _locked_new(item_id)
        offered = dict(catalogue.assisted_services(tenant))
        if service_slug not in offered:
            raise InboxError(_("Cette démarche n'est pas proposée au guichet de cette collectivité."))
        with storages["private"].open(item.eml_path) as handle:
            raw = handle.read()
        first, _sep, last = item.from_name.strip().partition(" ")
        if not item.from_address:
            raise InboxError(_("L'adresse de l'expéditeur est illisible : enregistrez la demande au guichet."))
        try:
            url = catalogue.start_assisted_draft(
                service_slug=service_slug,
                agent=actor,
                channel="email",
                citizen_email=item.from_address,
                citizen_first_name=first,
                citizen_last_name=last,
                original=catalogue.OriginalFile(name="courriel.eml", content=raw, content_type="message/rfc822"),
            )
        except catalogue.CatalogueError as error:
            raise InboxError(" ".join(str(m) for m in error.messages)) from None
        _handled(item, actor, Status.CONVERTED)
        item.service_slug = service_slug
        item.draft_url = str(url)[:500]
        item.save()
        audit.record(
            "inbox.converted",
            actor=actor,
            target_type=TARGET,
            target_id=item.pk,
            data={"service": service_slug, "service_title": offered[service_slug]},
        )
    return item.draft_url


def answer(*, item_id: int, actor: Any, body: str) -> InboundMessage:
    """Reply to the sender by email (notifications' outbox), the item marked answered."""
    body = body.strip()
    if not body:
        raise InboxError(_("Écrivez la réponse avant de l'envoyer."))
    with transaction.atomic():
        item = _locked_new(item_id)
        if not item.from_address:
            raise InboxError(_("L'adresse de l'expéditeur est illisible : impossible de lui répondre."))
        subject = item.subject or _("votre courriel")
        notifications.enqueue_email(
            event="inbox.answer",
            to=item.from_address,
            context={"subject": subject, "body": body, "full_name": item.from_name, "received": item.received_at},
            related=f"inbox:{item.pk}",
        )
        _handled(item, actor, Status.ANSWERED)
        item.answer_text = body
        item.save()
        audit.record(
            "inbox.answered", actor=actor, target_type=TARGET, target_id=item.pk, data={"to": item.from_address}
        )
    return item


def ignore(*, item_id: int, actor: Any, reason: str) -> InboundMessage:
    reason = reason.strip()
    if not reason:
        raise InboxError(_("Indiquez le motif du classement sans suite."))
    with transaction.atomic():
        item = _locked_new(item_id)
        _handled(item, actor, Status.IGNORED)
        item.ignore_reason = reason
        item.save()
        audit.record("inbox.ignored", actor=actor, target_type=TARGET, target_id=item.pk, data={"reason": reason})
    return item


def set_request_reference(*, item_id: int, reference: str) -> None:
    """Link a converted item to the request it became (called once the request is known)."""
    with transaction.atomic():
        updated = InboundMessage.objects.filter(pk=item_id, status=Status.CONVERTED).update(
            request_reference=reference[:40]
        )
        if updated:
            audit.record("inbox.request_linked", target_type=TARGET, target_id=item_id, data={"reference": reference})


def link_converted_request(*, item_id: int) -> str:
    """Keep on a converted item the reference of the request its assisted draft became, once
    the agent submitted it (the draft path was kept at conversion). Returns the reference, or
    "" while the draft is not submitted."""
    from services_catalog import api as catalogue

    item = InboundMessage.objects.filter(pk=item_id, status=Status.CONVERTED, request_reference="").first()
    if item is None or not item.draft_url:
        return ""
    reference = catalogue.submitted_reference(item.draft_url)
    if reference:
        set_request_reference(item_id=item.pk, reference=reference)
    return reference


# --- Audited reads ---------------------------------------------------------------------------------


def record_read(*, item_id: int, actor: Any) -> InboundMessage:
    with transaction.atomic():
        item = InboundMessage.objects.select_related("handled_by").filter(pk=item_id).first()
        if item is None:
            raise NotFound(_("Ce courriel n'existe pas."))
        audit.record("inbox.read", actor=actor, target_type=TARGET, target_id=item.pk)
    return item


@dataclass(frozen=True)
class StoredFile:
    path: str
    name: str
    content_type: str


def record_file_read(*, item_id: int, actor: Any, index: int | None) -> StoredFile:
    """The original .eml (`index` None) or attachment number `index` (from 1), audited."""
    with transaction.atomic():
        item = InboundMessage.objects.filter(pk=item_id).first()
        if item is None:
            raise NotFound(_("Ce courriel n'existe pas."))
        if index is None:
            found = StoredFile(item.eml_path, f"courriel-{item.pk}.eml", "message/rfc822")
        else:
            if not 1 <= index <= len(item.attachments):
                raise NotFound(_("Cette pièce jointe n'existe pas."))
            entry = item.attachments[index - 1]
            found = StoredFile(entry["path"], entry["name"], "application/octet-stream")
        audit.record(
            "inbox.file_read",
            actor=actor,
            target_type=TARGET,
            target_id=item.pk,
            data={"file": "eml" if index is None else index},
        )
    return found
