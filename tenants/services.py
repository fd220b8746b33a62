"""Writes of the tenants app: provisioning, renaming, suspension, domains.

Each function is one transaction with its audit row (public schema); cache
invalidation runs on commit. Management commands and the operator's admin call
these, nothing else writes Tenant or Domain rows.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_domain_name
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from django_tenants.utils import schema_exists, tenant_context

from cms import api as cms_api
from guichet.audit import api as audit
from services_catalog import api as catalogue_api

from . import hostcache
from .api import forget_schema_infos
from .models import Domain, Tenant, TenantKind, TenantStatus
from .reference import CommuneRecord, EpciRecord, find_commune, find_epci
from .template import clone_template

logger = logging.getLogger(__name__)

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
RESERVED_SLUGS = {"www", "admin", "api", "static", "media", "mail", "operateur", "template"}


class ProvisioningError(ValidationError):
    """Refused provisioning request; the message is meant for the operator, in French."""


# --- validation ----------------------------------------------------------------------


def validate_slug(slug: str) -> str:
    if not SLUG_RE.match(slug or ""):
        raise ProvisioningError(
            "Identifiant court invalide : « %(slug)s ». Utilisez de 1 à 63 lettres minuscules non "
            "accentuées, chiffres ou tirets, sans tiret au début ni à la fin.",
            params={"slug": slug},
            code="invalid_slug",
        )
    if slug in RESERVED_SLUGS:
        raise ProvisioningError(
            "L'identifiant « %(slug)s » est réservé par la plateforme.", params={"slug": slug}, code="reserved_slug"
        )
    if Tenant.objects.filter(slug=slug).exists():
        raise ProvisioningError(
            "L'identifiant « %(slug)s » est déjà pris par une autre collectivité.",
            params={"slug": slug},
            code="slug_taken",
        )
    return slug


def normalise_domain(domain: str) -> str:
    value = (domain or "").strip().lower().rstrip(".")
    try:
        validate_domain_name(value)
        valid = "." in value and len(value) <= 253
    except ValidationError:
        valid = False
    if not valid:
        raise ProvisioningError(
            "Nom de domaine invalide : « %(domain)s ». Exemple attendu : benodet.example.fr",
            params={"domain": domain},
            code="invalid_domain",
        )
    return value


def validate_free_domain(domain: str) -> str:
    value = normalise_domain(domain)
    if value == settings.GUICHET_PUBLIC_HOST or Domain.objects.filter(domain=value).exists():
        raise ProvisioningError(
            "Le domaine « %(domain)s » est déjà utilisé.", params={"domain": value}, code="domain_taken"
        )
    return value


def default_domain(slug: str) -> str:
    return f"{slug}.{settings.GUICHET_BASE_DOMAIN}"


def _site_port() -> int:
    if settings.GUICHET_SITE_PORT:
        return int(settings.GUICHET_SITE_PORT)
    return 443 if settings.GUICHET_SITE_SCHEME == "https" else 80


def _auto_slug(name: str, departement: str) -> str:
    base = slugify(name)[:60].strip("-") or "collectivite"
    if not Tenant.objects.filter(slug=base).exists() and base not in RESERVED_SLUGS:
        return base
    return f"{base}-{departement.lower()}" if departement else f"{base}-2"


def _starter_intro(tenant: Tenant) -> str:
    population = f"{tenant.population:,}".replace(",", "\u202f")
    if tenant.kind == TenantKind.COMMUNE:
        return (
            f"<p>Bienvenue sur le site de la commune de {escape(tenant.name)} ({population} habitants, "
            f"code INSEE {tenant.insee_code}) : vos démarches en ligne et la vie de la commune.</p>"
        )
    return f"<p>Bienvenue sur le site de {escape(tenant.name)} ({population} habitants).</p>"


def _reference_prefix(name: str) -> str:
    letters = re.sub(r"[^A-Z]", "", slugify(name).upper().replace("SAINT", "ST"))
    return (letters[:3] or "COL").ljust(3, "X")


# --- provisioning --------------------------------------------------------------------


def _create_tenant(
    *,
    kind: str,
    schema_name: str,
    name: str,
    slug: str,
    domain: str,
    actor: Any,
    parent: Tenant | None = None,
    **fields: Any,
) -> Tenant:
    """Create one tenant: row, primary domain, cloned schema, site set to the domain.

    Must run inside a transaction (the callers' `atomic`): DDL is transactional in
    PostgreSQL, so a failure anywhere leaves neither row nor schema behind.
    """
    if schema_exists(schema_name):
        raise ProvisioningError(
            "Le schéma « %(schema)s » existe déjà : cette collectivité a déjà été créée.",
            params={"schema": schema_name},
            code="schema_exists",
        )
    tenant = Tenant.objects.create(
        schema_name=schema_name,
        kind=kind,
        name=name,
        slug=slug,
        parent=parent,
        status=TenantStatus.PROVISIONING,
        reference_prefix=_reference_prefix(name),
        **fields,
    )
    Domain.objects.create(domain=domain, tenant=tenant, is_primary=True)
    seconds = clone_template(schema_name)
    with tenant_context(tenant):
        cms_api.configure_site(
            site_name=name, hostname=domain, port=_site_port(), home_title=name, home_intro=_starter_intro(tenant)
        )
        catalogue_api.seed_starter_catalogue(kind)
        audit.record("tenant.created", actor=actor, target_type="tenant", target_id=tenant.pk)
    tenant.status = TenantStatus.ACTIVE
    tenant.save(update_fields=["status"])
    audit.record(
        "tenant.provisioned",
        actor=actor,
        target_type="tenant",
        target_id=tenant.pk,
        data={"schema": schema_name, "domain": domain, "kind": kind, "clone_seconds": round(seconds, 3)},
    )
    return tenant


def _commune_tenant(record: CommuneRecord, *, parent: Tenant | None, slug: str, domain: str, actor: Any) -> Tenant:
    return _create_tenant(
        kind=TenantKind.COMMUNE,
        schema_name=f"c_{record.insee.lower()}",
        name=record.name,
        slug=slug,
        domain=domain,
        actor=actor,
        parent=parent,
        insee_code=record.insee,
        siren=record.siren,
        departement=record.departement,
        postal_codes=list(record.postal_codes),
        population=record.population,
    )


def provision_commune(
    *,
    insee_code: str,
    epci: Tenant | None = None,
    slug: str | None = None,
    domain: str | None = None,
    actor: Any = None,
) -> Tenant:
    """Create one commune from the official list, attached to its EPCI if that is hosted."""
    record = find_commune(insee_code or "")
    if record is None:
        raise ProvisioningError(
            "Code INSEE inconnu : « %(code)s ». Indiquez le code officiel géographique à 5 caractères "
            "d'une commune actuelle (par exemple 29058 pour Fouesnant).",
            params={"code": insee_code},
            code="unknown_insee",
        )
    if Tenant.objects.filter(insee_code=record.insee).exists():
        raise ProvisioningError(
            "La commune %(name)s (%(code)s) est déjà hébergée sur la plateforme.",
            params={"name": record.name, "code": record.insee},
            code="duplicate_commune",
        )
    if epci is None and record.epci_siren:
        epci = Tenant.objects.filter(siren=record.epci_siren, kind=TenantKind.EPCI).first()
    if epci is not None and record.insee not in (find_epci(epci.siren) or EpciRecord("", "", "", 0, ())).members:
        raise ProvisioningError(
            "La commune %(name)s n'est pas membre de %(epci)s.",
            params={"name": record.name, "epci": epci.name},
            code="not_a_member",
        )
    with transaction.atomic():
        chosen_slug = validate_slug(slug) if slug else _auto_slug(record.name, record.departement)
        chosen_domain = validate_free_domain(domain or default_domain(chosen_slug))
        tenant = _commune_tenant(record, parent=epci, slug=chosen_slug, domain=chosen_domain, actor=actor)
    logger.info("commune provisioned", extra={"schema": tenant.schema_name})
    return tenant


def provision_epci(*, siren: str, slug: str | None = None, actor: Any = None) -> Tenant:
    """Create an EPCI and every member commune not hosted yet, in one transaction.

    Member communes that are already hosted are attached to the EPCI.
    """
    cleaned = (siren or "").strip().replace(" ", "")
    record = find_epci(cleaned)
    if record is None:
        raise ProvisioningError(
            "SIREN inconnu : « %(siren)s ». Indiquez le numéro SIREN à 9 chiffres d'un EPCI à fiscalité "
            "propre (par exemple 242900660 pour la CC du Pays Fouesnantais).",
            params={"siren": siren},
            code="unknown_siren",
        )
    if Tenant.objects.filter(siren=record.siren).exists():
        raise ProvisioningError(
            "L'EPCI %(name)s est déjà hébergé sur la plateforme.",
            params={"name": record.name},
            code="duplicate_epci",
        )
    with transaction.atomic():
        chosen_slug = validate_slug(slug) if slug else _auto_slug(record.name, "")
        epci = _create_tenant(
            kind=TenantKind.EPCI,
            schema_name=f"e_{record.siren}",
            name=record.name,
            slug=chosen_slug,
            domain=validate_free_domain(default_domain(chosen_slug)),
            actor=actor,
            siren=record.siren,
            epci_type=record.type,
            population=record.population,
        )
        for insee in record.members:
            commune = find_commune(insee)
            if commune is None:  # the official list is self-consistent; stay safe anyway
                raise ProvisioningError("Commune membre introuvable : %(code)s.", params={"code": insee})
            existing = Tenant.objects.filter(insee_code=insee).first()
            if existing is not None:
                existing.parent = epci
                existing.save(update_fields=["parent"])
                continue
            commune_slug = _auto_slug(commune.name, commune.departement)
            _commune_tenant(
                commune,
                parent=epci,
                slug=commune_slug,
                domain=validate_free_domain(default_domain(commune_slug)),
                actor=actor,
            )
    logger.info("epci provisioned", extra={"schema": epci.schema_name, "members": len(record.members)})
    return epci


# --- life of a tenant ----------------------------------------------------------------


def _forget_hosts(tenant: Tenant) -> None:
    hosts = list(Domain.objects.filter(tenant=tenant).values_list("domain", flat=True))
    transaction.on_commit(lambda: hostcache.forget(hosts))
    transaction.on_commit(forget_schema_infos)


def rename_tenant(*, tenant: Tenant, name: str, actor: Any = None) -> Tenant:
    new_name = (name or "").strip()
    if not new_name or len(new_name) > 200:
        raise ProvisioningError("Le nom doit compter de 1 à 200 caractères.", code="invalid_name")
    with transaction.atomic():
        locked = Tenant.objects.select_for_update().get(pk=tenant.pk)
        old_name = locked.name
        locked.name = new_name
        locked.save(update_fields=["name"])
        with tenant_context(locked):
            site = cms_api.current_site_info()
            cms_api.configure_site(
                site_name=new_name,
                hostname=site.hostname,
                port=site.port,
                home_title=new_name if site.home_title == old_name else None,
            )
        audit.record(
            "tenant.renamed",
            actor=actor,
            target_type="tenant",
            target_id=locked.pk,
            data={"from": old_name, "to": new_name},
        )
        _forget_hosts(locked)
    return locked


def set_tenant_status(*, tenant: Tenant, status: str, reason: str = "", actor: Any = None) -> Tenant:
    if status not in (TenantStatus.ACTIVE, TenantStatus.SUSPENDED):
        raise ProvisioningError("Statut impossible : « %(status)s ».", params={"status": status}, code="bad_status")
    if tenant.kind == TenantKind.OPERATOR:
        raise ProvisioningError("Le site de l'opérateur ne peut pas être suspendu.", code="operator")
    with transaction.atomic():
        locked = Tenant.objects.select_for_update().get(pk=tenant.pk)
        previous = locked.status
        locked.status = status
        locked.save(update_fields=["status"])
        audit.record(
            "tenant.suspended" if status == TenantStatus.SUSPENDED else "tenant.reactivated",
            actor=actor,
            target_type="tenant",
            target_id=locked.pk,
            data={"from": previous, "reason": reason},
        )
        _forget_hosts(locked)
    return locked


def suspend_tenant(*, tenant: Tenant, reason: str = "", actor: Any = None) -> Tenant:
    return set_tenant_status(tenant=tenant, status=TenantStatus.SUSPENDED, reason=reason, actor=actor)


def reactivate_tenant(*, tenant: Tenant, actor: Any = None) -> Tenant:
    return set_tenant_status(tenant=tenant, status=TenantStatus.ACTIVE, actor=actor)


def add_domain(*, tenant: Tenant, domain: str, make_primary: bool = False, actor: Any = None) -> Domain:
    """Serve the tenant at one more host name (optionally as its primary one)."""
    if tenant.kind == TenantKind.OPERATOR:
        raise ProvisioningError("Ajoutez les domaines de l'opérateur par la configuration.", code="operator")
    with transaction.atomic():
        value = validate_free_domain(domain)
        if make_primary:
            Domain.objects.filter(tenant=tenant, is_primary=True).update(is_primary=False)
        created = Domain.objects.create(domain=value, tenant=tenant, is_primary=make_primary)
        if make_primary:
            with tenant_context(tenant):
                site = cms_api.current_site_info()
                cms_api.configure_site(site_name=site.site_name, hostname=value, port=site.port)
        audit.record(
            "tenant.domain_added",
            actor=actor,
            target_type="tenant",
            target_id=tenant.pk,
            data={"domain": value, "primary": make_primary},
        )
        _forget_hosts(tenant)
    return created


def ensure_operator_tenant(*, domain: str | None = None) -> Tenant:
    """The public schema's own tenant row (the operator's site), created once."""
    host = (domain or settings.GUICHET_PUBLIC_HOST).strip().lower()
    with transaction.atomic():
        tenant, _ = Tenant.objects.get_or_create(
            schema_name=settings.PUBLIC_SCHEMA_NAME,
            defaults={
                "kind": TenantKind.OPERATOR,
                "name": "Opérateur Guichet",
                "slug": "operateur",
                "status": TenantStatus.ACTIVE,
            },
        )
        if not Domain.objects.filter(domain=host).exists():
            Domain.objects.create(domain=host, tenant=tenant, is_primary=not tenant.domains.exists())
    return tenant
