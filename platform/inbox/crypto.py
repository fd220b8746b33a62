"""The IMAP password at rest: Fernet with a key derived from GUICHET_INBOX_SECRET or SECRET_KEY."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    secret = getattr(settings, "GUICHET_INBOX_SECRET", "") or settings.SECRET_KEY
    key = hashlib.sha256(f"guichet.inbox.password:{secret}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(password: str) -> str:
    return _fernet().encrypt(password.encode()).decode() if password else ""


def decrypt(token: str) -> str:
    """The password, or "" when none is stored or the key changed since."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        return ""
