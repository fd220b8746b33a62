"""Helpers of the vault tests: citizens, signed-in clients and pieces made through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from guichet.accounts.api import register_citizen
from guichet.vault import services
from tenants.models import Tenant
from tests.conftest import site_client

PASSWORD = "un mot de passe solide"
PDF = b"%PDF-1.4\n" + b"0" * 200 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def citizen(email: str, first_name: str = "Anne") -> Any:
    return register_citizen(email=email, password=PASSWORD, first_name=first_name)


def signed_in(tenant: Tenant, email: str) -> Any:
    client = site_client(tenant)
    response = client.post("/compte/connexion/", {"username": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def piece(
    tenant: Tenant,
    owner: Any,
    kind: str = "address_proof",
    *,
    content: bytes = PDF,
    name: str = "facture.pdf",
    valid_until: dt.date | None = None,
    label: str = "",
) -> Any:
    """A piece stored in `tenant`'s vault through the services (valid_until may be in the past)."""
    with tenant_context(tenant):
        stored = services.add_piece(owner=owner, kind=kind, upload=SimpleUploadedFile(name, content), label=label)
        if valid_until is not None:
            stored.valid_until = valid_until
            stored.save(update_fields=["valid_until"])
        return stored
