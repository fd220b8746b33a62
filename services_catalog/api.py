"""What the sites, the CMS and (later) the requests back end ask of the catalogue.

Plain data only. The competence map lives here: a commune's catalogue is its own
published services plus its EPCI's published shared services that apply to it and that
it has not disabled, with its local wording. Shared definitions are read in the EPCI's
schema on a cache miss, and cached in the member's own tenant-scoped namespace.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from django.core.cache import cache
from django.db import connection
from django_tenants.utils import schema_context

from .engine import AnsweredPage, answered_pages, condition_met, display_value, visible_pages
from .models import Category, Service, SharedServiceSetting
from .services import LOCAL_CACHE_KEY, SETTINGS_CACHE_KEY, SHARED_CACHE_KEY
from .validators import TYPE_NAMES, check_upload, clean_french_phone

# What the requests back end reuses of the form engine (answers shown as the citizen gave them,
# files checked by content) — re-exported so that it never imports the engine's modules.
__all__ = [
    "TYPE_NAMES",
    "AnsweredPage",
    "answered_pages",
    "CatalogueEntry",
    "ServiceDetail",
    "by_category",
    "catalogue",
    "check_upload",
    "clean_french_phone",
    "competence_map",
    "condition_met",
    "display_value",
    "search",
    "seed_starter_catalogue",
    "service_detail",
    "visible_pages",
]

CACHE_SECONDS = 600


class TenantLike(Protocol):
    pk: int
    schema_name: str
    kind: str
    name: str
    insee_code: str
    parent_id: int | None


@dataclass(frozen=True)
class CatalogueEntry:
    key: str
    slug: str
    title: str
    summary: str
    category: str
    category_label: str
    keywords: str
    handled_by: str  # "commune" | "epci"
    handler_schema: str
    handler_name: str
    communes: tuple[str, ...] = ()
    applies_to_all: bool = True
    local_contact: str = ""
    enabled: bool = True


@dataclass(frozen=True)
class ServiceDetail:
    """A published service as a citizen sees it, with the version a request would use."""

    entry: CatalogueEntry
    service_id: int
    version_id: int
    version_number: int
    schema: dict[str, Any]
    description: str
    eligibility: str
    eligibility_label: str
    eligibility_details: str
    documents: list[str]
    fee_cents: int | None
    processing_time: str
    silence_rule: str
    silence_rule_label: str
    silence_delay: int | None
    silence_delay_unit_label: str
    handling_service: str
    handling_address: str
    handling_email: str
    handling_phone: str
    channels: list[str] = field(default_factory=list)
    # The legal settings frozen with the version (what a request relies on, R-SVA-2).
    version_settings: dict[str, Any] = field(default_factory=dict)


def _entries_in_current_schema(*, handled_by: str, handler_name: str) -> list[CatalogueEntry]:
    services = Service.objects.filter(live=True).order_by("title")
    return [
        CatalogueEntry(
            key=str(s.key),
            slug=s.slug,
            title=s.title,
            summary=s.summary,
            category=s.category,
            category_label=str(Category(s.category).label),
            keywords=s.keywords,
            handled_by=handled_by,
            handler_schema=str(getattr(connection, "schema_name", "")),
            handler_name=handler_name,
            communes=tuple(s.communes),
            applies_to_all=s.applies_to_all_communes,
        )
        for s in services
    ]


def _shared_entries(epci_schema: str, epci_name: str) -> list[CatalogueEntry]:
    """The EPCI's live shared services, cached in the *current* (member's) namespace: a warm
    page never switches schema. `services.forget_catalogue` drops every member's copy."""
    entries = cache.get(SHARED_CACHE_KEY)
    if entries is None:
        with schema_context(epci_schema):
            entries = _entries_in_current_schema(handled_by="epci", handler_name=epci_name)
        cache.set(SHARED_CACHE_KEY, entries, CACHE_SECONDS)
    return list(entries)


def _shared_settings() -> dict[str, SharedServiceSetting]:
    settings = cache.get(SETTINGS_CACHE_KEY)
    if settings is None:
        settings = {str(s.service_key): s for s in SharedServiceSetting.objects.all()}
        cache.set(SETTINGS_CACHE_KEY, settings, CACHE_SECONDS)
    return dict(settings)


def _epci_of(tenant: TenantLike) -> tuple[str, str] | None:
    from tenants import api as tenants_api

    if tenant.parent_id is None:
        return None
    parent = getattr(tenant, "parent", None)  # resolved with the host (no query)
    if parent is not None:
        return parent.schema_name, parent.name
    infos = tenants_api.tenant_infos([tenant.parent_id])
    return (infos[0].schema_name, infos[0].name) if infos else None


def catalogue(tenant: TenantLike, *, include_disabled: bool = False) -> list[CatalogueEntry]:
    """The services offered on `tenant`'s site (the connection must be on its schema)."""
    local = cache.get(LOCAL_CACHE_KEY)
    if local is None:
        local = _entries_in_current_schema(handled_by=tenant.kind, handler_name=tenant.name)
        cache.set(LOCAL_CACHE_KEY, local, CACHE_SECONDS)
    if tenant.kind != "commune":
        return sorted(local, key=lambda e: e.title)
    epci = _epci_of(tenant)
    shared = _shared_entries(*epci) if epci else []
    settings = _shared_settings()
    result = list(local)
    for entry in shared:
        if not entry.applies_to_all and tenant.insee_code not in entry.communes:
            continue
        setting = settings.get(entry.key)
        enabled = setting.enabled if setting else True
        if not enabled and not include_disabled:
            continue
        if setting is not None:
            entry = replace(
                entry,
                title=setting.local_title or entry.title,
                summary=setting.local_summary or entry.summary,
                local_contact=setting.local_contact,
                enabled=enabled,
            )
        result.append(entry)
    return sorted(result, key=lambda e: e.title)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def search(entries: list[CatalogueEntry], query: str) -> list[CatalogueEntry]:
    """Entries whose title, summary or keywords hold every word of the query (accents ignored)."""
    words = _fold(query).split()
    if not words:
        return entries
    return [
        e for e in entries if all(w in _fold(f"{e.title} {e.summary} {e.keywords} {e.category_label}") for w in words)
    ]


def by_category(entries: list[CatalogueEntry]) -> list[tuple[str, str, list[CatalogueEntry]]]:
    """(category code, label, entries) in the catalogue's category order, empty ones left out."""
    return [
        (code, str(label), [e for e in entries if e.category == code])
        for code, label in Category.choices
        if any(e.category == code for e in entries)
    ]


def service_detail(tenant: TenantLike, slug: str) -> ServiceDetail | None:
    """The published service `slug` as offered on `tenant`'s site, or None."""
    entry = next((e for e in catalogue(tenant) if e.slug == slug), None)
    if entry is None:
        return None
    with schema_context(entry.handler_schema):
        service = Service.objects.filter(live=True, slug=slug).first()
        version = service.versions.order_by("-number").first() if service else None
        if service is None or version is None:
            return None
        live = service.live_revision.as_object() if service.live_revision_id else service  # type: ignore[union-attr]
        return ServiceDetail(
            entry=entry,
            service_id=service.pk,
            version_id=version.pk,
            version_number=version.number,
            schema=version.schema,
            description=live.description,
            eligibility=live.eligibility,
            eligibility_label=str(live.get_eligibility_display()),
            eligibility_details=live.eligibility_details,
            documents=live.documents_list(),
            fee_cents=live.fee_cents,
            processing_time=live.processing_time,
            silence_rule=live.silence_rule,
            silence_rule_label=str(live.get_silence_rule_display()),
            silence_delay=live.silence_delay,
            silence_delay_unit_label=str(live.get_silence_delay_unit_display()),
            handling_service=live.handling_service,
            handling_address=live.handling_address,
            handling_email=live.handling_email,
            handling_phone=live.handling_phone,
            channels=list(live.channels),
            version_settings=dict(version.settings),
        )


def competence_map(epci: TenantLike) -> dict[str, Any]:
    """For an EPCI: each member commune, each shared service — offered or not, who handles it —
    and each commune's own local services. Reads every member's schema once."""
    from tenants import api as tenants_api

    with schema_context(epci.schema_name):
        shared = _entries_in_current_schema(handled_by="epci", handler_name=epci.name)
    rows = []
    for member in tenants_api.member_sites(epci.pk):
        insee = member.insee_code
        with schema_context(member.schema_name):
            settings = {str(s.service_key): s for s in SharedServiceSetting.objects.all()}
            local = list(Service.objects.filter(live=True).order_by("title").values_list("title", flat=True))
        cells = []
        for entry in shared:
            applies = entry.applies_to_all or insee in entry.communes
            setting = settings.get(entry.key)
            cells.append(
                {
                    "applies": applies,
                    "enabled": applies and (setting.enabled if setting else True),
                    "local_title": setting.local_title if setting else "",
                }
            )
        rows.append({"commune": member.name, "url": member.url, "cells": cells, "local": local})
    return {"shared": shared, "rows": rows}


def seed_starter_catalogue(tenant_kind: str) -> list[str]:
    """Give a new tenant (current schema) its starter services: shared ones for an EPCI,
    local ones for a commune. Returns the slugs created."""
    from .services import seed_starter_catalogue as seed

    return seed("epci" if tenant_kind == "epci" else "commune")
