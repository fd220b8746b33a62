from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.inbox.mail_servers import MailSystem


@pytest.fixture(scope="module")
def mail_system() -> Iterator[MailSystem]:
    """pymap (IMAP, maildir) + an SMTP server delivering into it, for the whole module."""
    with MailSystem(user="accueil", password="imap très secret") as system:
        yield system
