"""Storages whose every stored name starts with the current tenant's schema name.

The prefix is added when a file is saved (so it is in the name kept in the database)
and checked when a name is opened, so tenant A can never read a name of tenant B
through its own storage.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage
from django.db import connection
from storages.backends.s3 import S3Storage


def tenant_prefix() -> str:
    schema = getattr(connection, "schema_name", None)
    if not schema:
        raise SuspiciousFileOperation("Aucun contexte de collectivité : fichier refusé.")
    return f"{schema}/"


class TenantPrefixMixin:
    def _prefixed(self, name: str) -> str:
        prefix = tenant_prefix()
        clean = name.lstrip("/")
        return clean if clean.startswith(prefix) else prefix + clean

    def _check(self, name: str) -> str:
        if not name.lstrip("/").startswith(tenant_prefix()):
            raise SuspiciousFileOperation("Ce fichier n'appartient pas à cette collectivité.")
        return name

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return super().get_available_name(self._prefixed(name), max_length)  # type: ignore[misc]

    def generate_filename(self, filename: str) -> str:
        return super().generate_filename(self._prefixed(filename))  # type: ignore[misc]

    def open(self, name: str, mode: str = "rb") -> Any:
        return super().open(self._check(name), mode)  # type: ignore[misc]

    def delete(self, name: str) -> None:
        super().delete(self._check(name))  # type: ignore[misc]


class TenantFileSystemStorage(TenantPrefixMixin, FileSystemStorage):  # type: ignore[misc]
    pass


class PrivateTenantFileSystemStorage(TenantFileSystemStorage):
    """No public URL: private files are streamed by a permission-checking view."""

    def url(self, name: str | None) -> str:
        raise SuspiciousFileOperation("Les fichiers privés n'ont pas d'adresse publique.")


class TenantS3Storage(TenantPrefixMixin, S3Storage):  # type: ignore[misc]
    pass
