"""Reading a raw RFC 822 message safely: headers, a plain-text body, attachments.

Nothing here trusts the email: header values are decoded defensively (a malformed header
becomes a note, not an exception), HTML is turned into text (never rendered), unknown
charsets fall back to a lossy decoding.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.message import Message
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

from bs4 import BeautifulSoup
from django.utils import timezone

MAX_MESSAGE_ID = 500


@dataclass
class ParsedAttachment:
    name: str
    content_type: str
    content: bytes


@dataclass
class ParsedMail:
    message_id: str
    from_address: str
    from_name: str
    to: str
    subject: str
    sent_at: datetime | None
    body_text: str
    attachments: list[ParsedAttachment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def looks_like_mail(self) -> bool:
        """At least one of the headers every email has could be read."""
        return bool(self.from_address or self.subject or self.sent_at or self.to)


def synthetic_message_id(raw: bytes) -> str:
    return f"<sha256.{hashlib.sha256(raw).hexdigest()}@guichet.invalid>"


def _header(message: Message, name: str, notes: list[str]) -> str:
    try:
        value = message.get(name)
    except Exception as error:  # malformed header: the policy raises while decoding it
        notes.append(f"{name}: {error.__class__.__name__}")
        raw = message.get_all(name, failobj=[])  # type: ignore[call-overload]
        value = raw[0] if raw else None
    if value is None:
        return ""
    text = str(value).replace("\x00", "")  # PostgreSQL refuses NUL in text
    return re.sub(r"[\r\n\t]+", " ", text).strip()


def html_to_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head", "title"]):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    text = soup.get_text("\n")
    lines = [line.strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _part_text(part: Message, notes: list[str]) -> str:
    try:
        content = part.get_content()  # type: ignore[attr-defined]
        if isinstance(content, str):
            return content
    except Exception as error:  # unknown charset, broken transfer encoding…
        notes.append(f"corps : {error.__class__.__name__}")
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        charset = part.get_content_charset() or "utf-8"
        try:
            return payload.decode(charset, errors="replace")
        except LookupError:
            return payload.decode("utf-8", errors="replace")
    return ""


def _display_name(filename: str) -> str:
    """A sender-chosen file name made harmless: no folders, no control characters."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(c for c in base if c.isprintable()).strip(" .")[:200]


def _is_attachment(part: Message) -> bool:
    if part.is_multipart():
        return False
    disposition = (part.get_content_disposition() or "").lower()
    if disposition == "attachment":
        return True
    if part.get_filename():
        return True
    return part.get_content_maintype() not in ("text", "multipart", "message")


def parse(raw: bytes) -> ParsedMail:
    notes: list[str] = []
    message = email.message_from_bytes(raw, policy=email.policy.default)
    for defect in message.defects[:10]:
        notes.append(defect.__class__.__name__)

    message_id = _header(message, "Message-ID", notes)
    if not message_id or len(message_id) > MAX_MESSAGE_ID:
        message_id = synthetic_message_id(raw)

    from_raw = _header(message, "From", notes)
    name, address = parseaddr(from_raw)
    if "@" not in address:
        address = ""
    to_raw = ", ".join(
        a for _n, a in getaddresses([_header(message, "To", notes), _header(message, "Cc", notes)]) if "@" in a
    )

    sent_at = None
    if date := _header(message, "Date", notes):
        try:
            sent_at = parsedate_to_datetime(date)
            if timezone.is_naive(sent_at):
                sent_at = timezone.make_aware(sent_at, timezone.get_current_timezone())
        except (TypeError, ValueError, IndexError, OverflowError):
            notes.append("Date illisible")

    plain: str | None = None
    html: str | None = None
    attachments: list[ParsedAttachment] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        if _is_attachment(part) and part is not message:
            payload = part.get_payload(decode=True)
            content = payload if isinstance(payload, bytes) else b""
            filename = ""
            try:
                filename = part.get_filename() or ""
            except Exception:
                notes.append("nom de pièce jointe illisible")
            attachments.append(
                ParsedAttachment(
                    name=_display_name(filename) or f"piece-jointe-{len(attachments) + 1}",
                    content_type=part.get_content_type(),
                    content=content,
                )
            )
            continue
        kind = part.get_content_type()
        if kind == "text/plain" and plain is None:
            plain = _part_text(part, notes)
        elif kind == "text/html" and html is None:
            html = _part_text(part, notes)

    body = plain if plain and plain.strip() else (html_to_text(html) if html else (plain or ""))
    return ParsedMail(
        message_id=message_id,
        from_address=address[:254],
        from_name=name[:255],
        to=to_raw,
        subject=_header(message, "Subject", notes)[:500],
        sent_at=sent_at,
        body_text=body.replace("\x00", ""),
        attachments=attachments,
        notes=notes,
    )
