"""Where incoming emails come from, behind one interface.

- `ImapSource`: polls a mailbox over IMAP (stdlib `imaplib`): UID SEARCH UNSEEN, each
  message fetched with BODY.PEEK[] (so it stays unseen), handed to `ingest`, and marked
  \\Seen only once `ingest` has returned (its row is committed). A message whose ingestion
  fails stays unseen and is tried again at the next poll.
- The inbound webhook (`views.webhook`) pushes messages instead: it calls the same
  `services.ingest`.
"""

from __future__ import annotations

import imaplib
import logging
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 20
MAX_PER_POLL = 200


class MailSourceError(Exception):
    """The source could not be reached or refused us; `str()` is a French message for the page."""


@dataclass
class PollReport:
    fetched: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


class MailSource(Protocol):
    name: str

    def check(self) -> int:
        """Connect and log in; the number of unseen messages. Raises MailSourceError."""
        ...

    def poll(self, ingest: Callable[[bytes], object]) -> PollReport:
        """Hand each new message's raw bytes to `ingest`. Raises MailSourceError."""
        ...


@dataclass
class ImapSource:
    host: str
    port: int
    tls_mode: str  # "none" | "starttls" | "ssl"
    username: str
    password: str
    folder: str = "INBOX"
    timeout: float = TIMEOUT_SECONDS
    name: str = "imap"

    def _connect(self) -> imaplib.IMAP4:
        context = ssl.create_default_context()
        try:
            client: imaplib.IMAP4
            if self.tls_mode == "ssl":
                client = imaplib.IMAP4_SSL(self.host, self.port, ssl_context=context, timeout=self.timeout)
            else:
                client = imaplib.IMAP4(self.host, self.port, timeout=self.timeout)
                if self.tls_mode == "starttls":
                    client.starttls(ssl_context=context)
        except (OSError, imaplib.IMAP4.error) as error:
            logger.warning("IMAP connection to %s:%s failed: %s", self.host, self.port, error)
            if isinstance(error, ssl.SSLError):
                raise MailSourceError(
                    _("Échec de la négociation TLS avec le serveur : %(error)s") % {"error": error}
                ) from None
            if isinstance(error, socket.gaierror):
                raise MailSourceError(_("Serveur IMAP introuvable : %(host)s.") % {"host": self.host}) from None
            raise MailSourceError(
                _("Connexion impossible au serveur IMAP %(host)s:%(port)s (%(error)s).")
                % {"host": self.host, "port": self.port, "error": error}
            ) from None
        try:
            self._login(client)
        except (OSError, imaplib.IMAP4.error, UnicodeError) as error:
            logger.warning("IMAP login to %s as %s refused: %s", self.host, self.username, error)
            self._close(client)
            raise MailSourceError(
                _("Identification refusée par le serveur IMAP : vérifiez l'identifiant et le mot de passe.")
            ) from None
        try:
            status, _data = client.select(self._quoted(self.folder))
        except (OSError, imaplib.IMAP4.error):
            status = "NO"
        if status != "OK":
            self._close(client)
            raise MailSourceError(_("Le dossier « %(folder)s » n'existe pas sur le serveur.") % {"folder": self.folder})
        return client

    def _login(self, client: imaplib.IMAP4) -> None:
        """LOGIN for ASCII credentials; AUTHENTICATE PLAIN (UTF-8, RFC 4616) otherwise, since
        imaplib's LOGIN only sends ASCII."""
        if self.username.isascii() and self.password.isascii():
            client.login(self.username, self.password)
            return
        secret = b"\0" + self.username.encode() + b"\0" + self.password.encode()
        client.authenticate("PLAIN", lambda _challenge: secret)

    @staticmethod
    def _quoted(folder: str) -> str:
        return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'

    @staticmethod
    def _close(client: imaplib.IMAP4) -> None:
        try:
            client.logout()
        except (OSError, imaplib.IMAP4.error):
            pass

    @staticmethod
    def _unseen(client: imaplib.IMAP4) -> list[bytes]:
        status, data = client.uid("SEARCH", None, "UNSEEN")  # type: ignore[arg-type]
        if status != "OK":
            raise MailSourceError(_("Le serveur IMAP a refusé la recherche des nouveaux messages."))
        return (data[0] or b"").split() if data else []

    def check(self) -> int:
        client = self._connect()
        try:
            return len(self._unseen(client))
        except (OSError, imaplib.IMAP4.error) as error:
            raise MailSourceError(_("Erreur du serveur IMAP : %(error)s") % {"error": error}) from None
        finally:
            self._close(client)

    def poll(self, ingest: Callable[[bytes], object]) -> PollReport:
        client = self._connect()
        report = PollReport()
        try:
            for uid in self._unseen(client)[:MAX_PER_POLL]:
                status, data = client.uid("FETCH", uid.decode(), "(BODY.PEEK[])")
                raw = next((item[1] for item in data or [] if isinstance(item, tuple)), None)
                if status != "OK" or not isinstance(raw, bytes):
                    report.failed += 1
                    report.errors.append(f"UID {uid.decode()}: FETCH {status}")
                    continue
                try:
                    ingest(raw)
                except Exception as error:  # stays unseen: tried again next time
                    logger.exception("Ingestion of IMAP message UID %s failed", uid.decode())
                    report.failed += 1
                    report.errors.append(f"UID {uid.decode()}: {error.__class__.__name__}")
                    continue
                client.uid("STORE", uid.decode(), "+FLAGS", "(\\Seen)")
                report.fetched += 1
        except (OSError, imaplib.IMAP4.error) as error:
            logger.warning("IMAP poll of %s interrupted: %s", self.host, error)
            raise MailSourceError(
                _("Erreur du serveur IMAP pendant la relève : %(error)s") % {"error": error}
            ) from None
        finally:
            self._close(client)
        return report
