"""What other apps may ask of the tenants app: plain data, never model instances."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings

from . import hostcache
from .models import Domain, Tenant, TenantKind, TenantStatus


@dataclass(frozen=True)
class TenantInfo:
    id: int
    schema_name: str
    kind: str
    name: str
    slug: str
    status: str
    url: str
    insee_code: str = ""
    reference_prefix: str = ""
    parent_schema: str = ""


def site_url(domain: str) -> str:
    """Absolute URL of a tenant's site from its domain and the deployment's scheme/port."""
    scheme = settings.GUICHET_SITE_SCHEME
    port = settings.GUICHET_SITE_PORT
    default_port = 443 if scheme == "https" else 80
    suffix = f":{port}" if port and port != default_port else ""
    return f"{scheme}://{domain}{suffix}/"


def _info(tenant: Tenant) -> TenantInfo:
    primary = next((d.domain for d in tenant.domains.all() if d.is_primary), "")
    return TenantInfo(
        id=tenant.pk,
        schema_name=tenant.schema_name,
        kind=tenant.kind,
        name=tenant.name,
        slug=tenant.slug,
        status=tenant.status,
        url=site_url(primary) if primary else "",
        insee_code=tenant.insee_code or "",
        reference_prefix=tenant.reference_prefix or tenant.slug[:3].upper(),
        parent_schema=tenant.parent.schema_name if tenant.parent_id and tenant.parent else "",
    )


def member_sites(epci_id: int) -> list[TenantInfo]:
    """Active member communes of an EPCI, by name (empty for a commune)."""
    communes = (
        Tenant.objects.filter(parent_id=epci_id, kind=TenantKind.COMMUNE, status=TenantStatus.ACTIVE)
        .select_related("parent")
        .prefetch_related("domains")
        .order_by("name")
    )
    return [_info(t) for t in communes]


def hosted_tenants() -> list[TenantInfo]:
    """Every active EPCI and commune (the operator's directory), EPCIs first."""
    tenants = (
        Tenant.objects.exclude(kind=TenantKind.OPERATOR)
        .filter(status=TenantStatus.ACTIVE)
        .select_related("parent")
        .prefetch_related("domains")
        .order_by("kind", "name")
    )
    return [_info(t) for t in tenants]


def tenant_schemas(*, include_suspended: bool = False) -> list[str]:
    """Schemas to loop over for tenant work: never the public schema, never the template."""
    qs = Tenant.objects.exclude(kind=TenantKind.OPERATOR).exclude(schema_name__in=_excluded_schemas())
    qs = qs.exclude(status=TenantStatus.PROVISIONING)
    if not include_suspended:
        qs = qs.filter(status=TenantStatus.ACTIVE)
    return list(qs.order_by("schema_name").values_list("schema_name", flat=True))


def _excluded_schemas() -> list[str]:
    return [settings.PUBLIC_SCHEMA_NAME, settings.GUICHET_TEMPLATE_SCHEMA]


def tenant_infos(ids: list[int]) -> list[TenantInfo]:
    tenants = Tenant.objects.filter(pk__in=ids).select_related("parent").prefetch_related("domains")
    return [_info(t) for t in tenants.order_by("name")]


# Per process, briefly: the requests back end asks for the same tenant several times per
# submission (links, branding). tenants.services forgets it on rename and domain changes; other
# processes see a change within SCHEMA_INFO_SECONDS.
SCHEMA_INFO_SECONDS = 30.0
_schema_infos: dict[str, tuple[float, TenantInfo | None]] = {}


def tenant_for_schema(schema_name: str) -> TenantInfo | None:
    """The tenant whose schema is `schema_name` (None for public, the template or unknown)."""
    now = time.monotonic()
    cached = _schema_infos.get(schema_name)
    if cached is not None and now - cached[0] < SCHEMA_INFO_SECONDS:
        return cached[1]
    tenant = (
        Tenant.objects.filter(schema_name=schema_name)
        .exclude(schema_name__in=_excluded_schemas())
        .select_related("parent")
        .prefetch_related("domains")
        .first()
    )
    info = _info(tenant) if tenant else None
    _schema_infos[schema_name] = (now, info)
    return info


def forget_schema_infos() -> None:
    _schema_infos.clear()


def resolve_host(hostname: str) -> Tenant | None:
    """The tenant served at `hostname` (any status), cached; None for an unknown host.

    The one place that returns a model: django-tenants' connection.set_tenant needs it.
    """
    cached = hostcache.get(hostname)
    if cached is not None:
        return cached
    domain = Domain.objects.select_related("tenant__parent").filter(domain=hostname).first()
    if domain is None:
        return None
    hostcache.put(hostname, domain.tenant)
    return domain.tenant


def communes_for_postal_code(postal_code: str) -> list[tuple[str, str]]:
    """(INSEE code, official name) of the communes of a postal code, from the official list."""
    from .reference import communes_for_postal_code as lookup

    return list(lookup(postal_code))


def member_schemas(epci_schema: str) -> list[str]:
    """Schemas of the member communes of the EPCI whose schema is `epci_schema` (empty otherwise)."""
    return list(
        Tenant.objects.filter(parent__schema_name=epci_schema, parent__kind=TenantKind.EPCI).values_list(
            "schema_name", flat=True
        )
    )
