"""Secrets kept at rest in a tenant's tables (API Particulier tokens, IMAP passwords):
Fernet with a key derived from a dedicated setting (default: SECRET_KEY) and a purpose, so
that a database dump does not hand them out and one purpose's key never opens another's."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


class SecretBox:
    def __init__(self, *, purpose: str, setting: str) -> None:
        self.purpose = purpose
        self.setting = setting

    def _fernet(self) -> Fernet:
        secret = getattr(settings, self.setting, "") or settings.SECRET_KEY
        key = hashlib.sha256(f"{self.purpose}:{secret}".encode()).digest()
        return Fernet(base64.urlsafe_b64encode(key))

    def encrypt(self, value: str) -> str:
        return self._fernet().encrypt(value.encode()).decode() if value else ""

    def decrypt(self, stored: str) -> str:
        """The value, or "" when none is stored or the key changed since (then: not configured)."""
        if not stored:
            return ""
        try:
            return self._fernet().decrypt(stored.encode()).decode()
        except (InvalidToken, ValueError):
            return ""
