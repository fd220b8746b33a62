"""A real SMTP server (aiosmtpd) on 127.0.0.1, for tests that send mail through Django's
SMTP backend or through a worker process.

Usage in a test module (or a package conftest.py):

    from tests.mail_server import SmtpServer, smtp_server, smtp_settings  # noqa: F401

    def test_something(smtp_server: SmtpServer) -> None:
        with smtp_settings(smtp_server) as env:      # this process now sends over SMTP
            ...                                       # env == {"EMAIL_URL": "smtp://127.0.0.1:<port>"}
        [message] = smtp_server.wait_for(1, timeout=5)  # parsed email.message.EmailMessage
        assert message["To"] == "…"

- `SmtpServer(port=None)`: a free port is chosen at construction and kept across
  `stop()` / `start()` (a test can stop the server, let sends fail, and start it again).
- `messages`: every accepted message (a copy of the list, thread-safe), with the
  envelope in `message.envelope_from` / `message.envelope_rcpt_tos` attributes.
- `wait_for(count, timeout)`: blocks until at least `count` messages arrived, returns them
  (AssertionError on timeout).
- `delay_rcpt_seconds`: each RCPT TO waits that long before answering (set it back to 0
  to release waiting clients early); `wait_for_rcpt(timeout)` returns once a client has
  reached RCPT — a sender is then stuck mid-send (e.g. to kill a worker at that moment).
- `smtp_settings(server)`: overrides EMAIL_BACKEND/EMAIL_HOST/EMAIL_PORT in this process
  and yields the environment a subprocess needs (`EMAIL_URL`; the worker settings of
  tests/workers.py honour it).
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import threading
import time
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from guichet.local.embedded import free_port


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]) -> str:  # noqa: N802
        self.server._rcpt_reached()
        deadline = time.monotonic() + self.server.delay_rcpt_seconds
        while time.monotonic() < deadline and self.server.delay_rcpt_seconds > 0:
            await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        message.envelope_from = envelope.mail_from  # type: ignore[attr-defined]
        message.envelope_rcpt_tos = list(envelope.rcpt_tos)  # type: ignore[attr-defined]
        self.server._accepted(message)
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.delay_rcpt_seconds = 0.0
        self._messages: list[EmailMessage] = []
        self._rcpt_count = 0
        self._condition = threading.Condition()
        self._controller: Controller | None = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> SmtpServer:
        if self._controller is None:
            controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port, ready_timeout=10)
            controller.start()
            self._controller = controller
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self.delay_rcpt_seconds = 0  # release clients waiting at RCPT
            self._controller.stop()
            self._controller = None

    @property
    def messages(self) -> list[EmailMessage]:
        with self._condition:
            return list(self._messages)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        with self._condition:
            if not self._condition.wait_for(lambda: len(self._messages) >= count, timeout):
                raise AssertionError(f"expected {count} message(s) within {timeout} s, got {len(self._messages)}")
            return list(self._messages)

    def wait_for_rcpt(self, timeout: float = 10.0) -> None:
        with self._condition:
            if not self._condition.wait_for(lambda: self._rcpt_count > 0, timeout):
                raise AssertionError(f"no client reached RCPT TO within {timeout} s")

    def _rcpt_reached(self) -> None:
        with self._condition:
            self._rcpt_count += 1
            self._condition.notify_all()

    def _accepted(self, message: EmailMessage) -> None:
        with self._condition:
            self._messages.append(message)
            self._condition.notify_all()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A started SMTP server, stopped after the test."""
    server = SmtpServer().start()
    try:
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def smtp_settings(server: SmtpServer) -> Iterator[dict[str, str]]:
    """Send this process's mail to `server`; yield the env a subprocess needs for the same."""
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=server.port,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_TIMEOUT=10,
    ):
        yield {"EMAIL_URL": f"smtp://127.0.0.1:{server.port}"}
