"""What the sites, the CMS and (later) the requests back end ask of the catalogue.

Plain data only. The competence map lives here: a commune's catalogue is its own
published services plus its EPCI's published shared services that apply to it and that
it has not disabled, with its local wording. Shared definitions are read in the EPCI's
schema on a cache miss, and cached in the member's own tenant-scoped namespace.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from .engine import AnsweredPage, answered_pages, condition_met, display_value, visible_pages
from .models import Category, Draft, DraftStatus, Service, SharedServiceSetting
from .services import LOCAL_CACHE_KEY, SETTINGS_CACHE_KEY, SHARED_CACHE_KEY, DraftError
from .validators import TYPE_NAMES, check_upload, clean_french_phone

# What the requests back end reuses of the form engine (answers shown as the citizen gave them,
# files checked by content) — re-exported so that it never imports the engine's modules.
__all__ = [
    "TYPE_NAMES",
    "AnsweredPage",
    "CatalogueError",
    "DraftSummary",
    "OriginalFile",
    "assisted_services",
    "citizen_drafts",
    "start_assisted_draft",
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


# --- Drafts and the agents' assisted intake ---------------------------------------------------

# A refused draft action or assisted intake, with a French message (`.messages`).
CatalogueError = DraftError


@dataclass(frozen=True)
class OriginalFile:
    """The original of a request recorded by an agent: a scanned letter (PDF, JPEG, PNG) or an email (.eml)."""

    name: str
    content: bytes
    content_type: str


@dataclass(frozen=True)
class DraftSummary:
    schema: str
    id: int
    service_title: str
    updated_at: dt.datetime
    expires_at: dt.datetime
    resume_url: str  # a path on the site of `schema`


@dataclass(frozen=True)
class _Site:
    """The current tenant as `catalogue` needs it, outside a web request (a task, a command)."""

    pk: int
    schema_name: str
    kind: str
    name: str
    insee_code: str
    parent_id: int | None
    parent: Any = None


def _current_tenant() -> Any:
    from tenants import api as tenants_api

    tenant = getattr(connection, "tenant", None)
    if getattr(tenant, "kind", "") in ("epci", "commune") and getattr(tenant, "pk", None):
        return tenant
    info = tenants_api.tenant_for_schema(str(getattr(connection, "schema_name", "")))
    if info is None or info.kind not in ("epci", "commune"):
        raise CatalogueError(_("Aucune démarche n'est proposée ici."))
    parent = tenants_api.tenant_for_schema(info.parent_schema) if info.parent_schema else None
    return _Site(
        pk=info.id,
        schema_name=info.schema_name,
        kind=info.kind,
        name=info.name,
        insee_code=info.insee_code,
        parent_id=parent.id if parent else None,
        parent=_Site(parent.id, parent.schema_name, parent.kind, parent.name, parent.insee_code, None)
        if parent
        else None,
    )


def assisted_services(tenant: TenantLike) -> list[tuple[str, str]]:
    """(slug, title) of the services an agent of `tenant` may record a request for: its
    catalogue, with the EPCI's shared services this commune offers (the connection must be on
    its schema)."""
    return [(e.slug, e.title) for e in catalogue(tenant)]


def start_assisted_draft(
    *,
    service_slug: str,
    agent: Any,
    channel: str,
    citizen_email: str,
    citizen_first_name: str = "",
    citizen_last_name: str = "",
    original: OriginalFile | None = None,
) -> str:
    """An agent of the current tenant starts recording a request for a citizen (found by exact
    email, or created without a usable password) through `channel`, with the original if any.
    Returns the URL path of the form's first page; the agent's browser opens it in assisted
    mode (`assisted_session`). Raises `CatalogueError` (French message) for an unknown service,
    channel or citizen email, a non-agent, or an original of a refused type."""
    from guichet.accounts import api as accounts_api
    from guichet.roles import api as roles_api

    from .services import check_assisted_input
    from .services import start_assisted_draft as start

    if not roles_api.is_tenant_agent(agent):
        raise CatalogueError(_("Seuls les agents de la collectivité peuvent enregistrer une demande."))
    detail = service_detail(_current_tenant(), service_slug)
    if detail is None:
        raise CatalogueError(_("Cette démarche n'est pas proposée par cette collectivité."))
    check_assisted_input(agent=agent, channel=channel, original=original)
    with transaction.atomic():  # no citizen record is left behind if the draft is refused
        try:
            citizen = accounts_api.find_or_create_citizen(
                email=citizen_email, first_name=citizen_first_name, last_name=citizen_last_name
            )
        except ValidationError as error:
            raise CatalogueError(_("Adresse électronique de l'usager invalide.")) from error
        draft = start(service=detail, agent=agent, channel=channel, citizen=citizen, original=original)
    return draft_start_path(draft)


def draft_start_path(draft: Draft) -> str:
    """Where an agent (or the owner) resumes a draft on this site."""
    return reverse("services_catalog:resume_draft", kwargs={"draft_id": draft.pk})


def citizen_drafts(*, user_id: int, schemas: list[str]) -> list[DraftSummary]:
    """A signed-in citizen's active drafts on each of these sites (their own schemas), most
    recent first; each resume URL is a path on that schema's site."""
    from django.utils import timezone

    rows: list[DraftSummary] = []
    for schema in schemas:
        with schema_context(schema):
            for draft in Draft.objects.filter(
                owner_id=user_id, status=DraftStatus.ACTIVE, expires_at__gt=timezone.now()
            ):
                rows.append(
                    DraftSummary(
                        schema=schema,
                        id=draft.pk,
                        service_title=draft.service_title,
                        updated_at=draft.updated_at,
                        expires_at=draft.expires_at,
                        resume_url=draft_start_path(draft),
                    )
                )
    return sorted(rows, key=lambda r: r.updated_at, reverse=True)


def submitted_reference(draft_path: str) -> str:
    """The reference of the request an assisted draft became, from the path
    `start_assisted_draft` returned ("" while it is not submitted, or for an unknown path). Read
    in the current schema (the draft's)."""
    from django.urls import Resolver404, resolve

    from .models import Draft

    try:
        match = resolve(draft_path)
    except Resolver404:
        return ""
    if match.view_name != "services_catalog:resume_draft":
        return ""
    found = Draft.objects.filter(pk=match.kwargs["draft_id"]).values_list("request_reference", flat=True).first()
    return found or ""
