"""Plain data in and out of the requests back end: who asks, what service version, which
site, what a submission returns, a checked file. No database access except `Site.of_schema`
(the tenant lookup, through tenants.api)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Identity:
    """R-SVE-2: who asks (surname, first name, postal and email address)."""

    first_name: str
    last_name: str
    email: str
    postal_address: str
    phone: str = ""


@dataclass(frozen=True)
class ServiceVersion:
    """The published version a citizen filled (from services_catalog.api.ServiceDetail)."""

    key: str
    title: str
    slug: str
    version_id: int
    schema: dict[str, Any]
    settings: dict[str, Any]
    handler_schema: str

    @classmethod
    def of(cls, detail: Any) -> ServiceVersion:
        """From a `services_catalog.api.ServiceDetail` (its published version)."""
        return cls(
            key=detail.entry.key,
            title=detail.entry.title,
            slug=detail.entry.slug,
            version_id=detail.version_id,
            schema=detail.schema,
            settings=dict(detail.version_settings),
            handler_schema=detail.entry.handler_schema,
        )


@dataclass(frozen=True)
class Site:
    """A tenant as casework needs it (tenants.api.TenantInfo fits)."""

    schema_name: str
    name: str
    url: str
    reference_prefix: str = ""
    parent_schema: str = ""

    @classmethod
    def of_schema(cls, schema_name: str) -> Site | None:
        """The tenant of `schema_name` (None for public, the template or an unknown schema)."""
        from tenants import api as tenants_api

        info = tenants_api.tenant_for_schema(schema_name)
        if info is None:
            return None
        return cls(
            schema_name=info.schema_name,
            name=info.name,
            url=info.url,
            reference_prefix=info.reference_prefix,
            parent_schema=info.parent_schema,
        )


@dataclass(frozen=True)
class Submitted:
    request_id: int
    reference: str
    tracking_code: str
    handler_schema: str
    created: bool


@dataclass(frozen=True)
class Upload:
    """A checked file (content already verified by type) to attach to a message or correction."""

    name: str
    content: bytes
    kind: str
