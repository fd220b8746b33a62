"""A real local mail system for the incoming-mailbox tests: an IMAP server (pymap, maildir
backend, in its own process) and an SMTP server (aiosmtpd) that delivers every accepted
message into that maildir, as a real MTA's local delivery agent would.

    with MailSystem(user="mairie", password="secret") as mail:
        smtplib.SMTP("127.0.0.1", mail.smtp_port).sendmail(...)   # delivered into the maildir
        # IMAP: 127.0.0.1:mail.imap_port, no TLS, user/password above, folder INBOX

- The user's maildir is `<tmp>/<user>` (pymap's `pymap-etc-passwd` / `pymap-etc-shadow` files
  name it, with a pbkdf2 hash of the password, as `pymap` itself writes them).
- `deliver(raw)` drops a message into the maildir directly (what the SMTP handler does).
- `delivered()`: how many messages the maildir holds.
"""

from __future__ import annotations

import contextlib
import mailbox
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller
from pymap.config import IMAPConfig

from guichet.local.embedded import free_port

PYMAP = str(Path(sys.executable).with_name("pymap"))


class _DeliveringHandler:
    def __init__(self, system: MailSystem) -> None:
        self.system = system

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        content = envelope.content if isinstance(envelope.content, bytes) else envelope.content.encode()
        for rcpt in envelope.rcpt_tos:
            header = f"Return-Path: <{envelope.mail_from}>\r\nDelivered-To: {rcpt}\r\n".encode()
            self.system.deliver(header + content)
        return "250 Message delivered"


class MailSystem:
    def __init__(self, *, user: str = "mairie", password: str = "mot de passe imap") -> None:  # noqa: S107
        self.user = user
        self.password = password
        self.imap_port = free_port()
        self.smtp_port = free_port()
        self._dir = Path(tempfile.mkdtemp(prefix="guichet-imap-"))
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._smtp: Controller | None = None
        self._log = self._dir / "pymap.log"

    @property
    def maildir_path(self) -> Path:
        return self._dir / self.user

    def _write_users(self) -> None:
        hashed = IMAPConfig._get_hash_context(None).hash(self.password).replace(":", "\\:")
        (self._dir / "pymap-etc-passwd").write_text(f"{self.user}:x::::{self.user}:\r\n")
        (self._dir / "pymap-etc-shadow").write_text(f"{self.user}:{hashed}:::::::\r\n")
        mailbox.Maildir(str(self.maildir_path), create=True).close()

    def start(self) -> MailSystem:
        self._write_users()
        log = self._log.open("wb")
        self._process = subprocess.Popen(
            [PYMAP, "--host", "127.0.0.1", "--port", str(self.imap_port), "--no-tls", "maildir", str(self._dir)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 20
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.imap_port), timeout=0.5):
                break
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"pymap did not start: {self._log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
        self._smtp = Controller(_DeliveringHandler(self), hostname="127.0.0.1", port=self.smtp_port, ready_timeout=10)
        self._smtp.start()
        return self

    def stop(self) -> None:
        if self._smtp is not None:
            self._smtp.stop()
            self._smtp = None
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
            self._process = None
        shutil.rmtree(self._dir, ignore_errors=True)

    def deliver(self, raw: bytes) -> None:
        with self._lock:
            box = mailbox.Maildir(str(self.maildir_path), create=False)
            try:
                box.add(raw)
            finally:
                box.close()

    def delivered(self) -> int:
        with self._lock:
            box = mailbox.Maildir(str(self.maildir_path), create=False)
            try:
                return len(box)
            finally:
                box.close()

    def __enter__(self) -> MailSystem:
        return self.start()

    def __exit__(self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]) -> None:
        self.stop()


def unused_port_refusing() -> int:
    """A port nothing listens on (a connection to it is refused)."""
    return free_port()


__all__ = ["MailSystem", "unused_port_refusing"]
