"""The connectors' tokens at rest: Fernet with a key derived from GUICHET_CONNECTORS_SECRET
(default: SECRET_KEY), so that a database dump does not hand out the habilitations."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    secret = getattr(settings, "GUICHET_CONNECTORS_SECRET", "") or settings.SECRET_KEY
    key = hashlib.sha256(f"guichet.connectors.token:{secret}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(token: str) -> str:
    return _fernet().encrypt(token.encode()).decode() if token else ""


def decrypt(stored: str) -> str:
    """The token, or "" when none is stored or the key changed since (then: not configured)."""
    if not stored:
        return ""
    try:
        return _fernet().decrypt(stored.encode()).decode()
    except (InvalidToken, ValueError):
        return ""
