"""Reads of the citizen's space and the 360° view that change nothing: the EPCI family of a
site, the citizen's space across it, and who looked at a citizen's file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django_tenants.utils import schema_context

from guichet.audit import api as audit_api
from guichet.casework import api as casework_api
from guichet.vault import api as vault_api
from services_catalog import api as catalogue_api
from tenants import api as tenants_api

VIEWED_360 = "citizens.viewed_360"
REFUSED_360 = "citizens.view_refused"
TARGET_TYPE = "citizen"


def family_schemas(schema: str) -> list[str]:
    """The schema first, then its EPCI and the EPCI's other active member communes (a commune
    outside an EPCI: itself only; an unknown schema: nothing)."""
    info = tenants_api.tenant_for_schema(schema)
    if info is None:
        return []
    epci = info.parent_schema or (schema if info.kind == "epci" else "")
    if not epci:
        return [schema]
    active = set(tenants_api.tenant_schemas())
    family = [schema, epci, *sorted(tenants_api.member_schemas(epci))]
    return [s for s in dict.fromkeys(family) if s == schema or s in active]


def epci_scope(schema: str) -> list[str]:
    """For an EPCI's schema: itself and its active member communes (the cross-commune 360° view);
    empty for a commune."""
    info = tenants_api.tenant_for_schema(schema)
    if info is None or info.kind != "epci":
        return []
    return family_schemas(schema)


@dataclass(frozen=True)
class Look:
    """One 360° look at a citizen's file, as the citizen sees it."""

    at: dt.datetime
    agent_name: str
    collectivite: str
    reason_label: str
    reason_other: str
    schemas_read: tuple[str, ...]
    collectivites_read: tuple[str, ...]


def looks_at(*, user_id: int, schemas: list[str]) -> list[Look]:
    """Every 360° look at the citizen recorded in the audit logs of `schemas` (one query per
    schema). A look that read several schemas is written in each: shown once."""
    seen: dict[str, Look] = {}
    for schema in schemas:
        with schema_context(schema):
            rows = audit_api.events_about(target_type=TARGET_TYPE, target_id=str(user_id), actions=[VIEWED_360])
        for row in rows:
            data: dict[str, Any] = row.data
            key = str(data.get("look") or f"{schema}:{row.id}")
            if key in seen:
                continue
            seen[key] = Look(
                at=row.occurred_at,
                agent_name=str(data.get("agent_name") or row.actor_label),
                collectivite=str(data.get("agent_tenant") or ""),
                reason_label=str(data.get("reason_label") or ""),
                reason_other=str(data.get("reason_other") or ""),
                schemas_read=tuple(data.get("schemas") or ()),
                collectivites_read=tuple(data.get("tenants") or ()),
            )
    return sorted(seen.values(), key=lambda look: look.at, reverse=True)


def _optional(module: Any, name: str, **kwargs: Any) -> list[Any] | None:
    """Call another app's read if it exists (None when it does not)."""
    function = getattr(module, name, None)
    if function is None:
        return None
    return list(function(**kwargs))


@dataclass(frozen=True)
class DraftRow:
    service_title: str
    tenant_name: str
    url: str  # on the site where the draft was started
    updated_at: dt.datetime
    expires_at: dt.datetime


def _drafts(*, user_id: int, schemas: list[str]) -> list[DraftRow] | None:
    drafts = _optional(catalogue_api, "citizen_drafts", user_id=user_id, schemas=schemas)
    if drafts is None:
        return None
    rows = []
    for draft in drafts:
        info = tenants_api.tenant_for_schema(draft.schema)
        base = info.url.rstrip("/") if info and info.url else ""
        rows.append(
            DraftRow(
                service_title=draft.service_title,
                tenant_name=info.name if info else "",
                url=f"{base}{draft.resume_url}" if draft.resume_url.startswith("/") else draft.resume_url,
                updated_at=draft.updated_at,
                expires_at=draft.expires_at,
            )
        )
    return rows


@dataclass(frozen=True)
class CitizenSpace:
    schemas: list[str]
    requests: list[casework_api.CitizenRequestSummary]
    pieces: list[Any] | None  # vault.api.PieceSummary; None when the vault is not there
    drafts: list[DraftRow] | None  # None when the drafts are not there
    looks: list[Look] = field(default_factory=list)

    @property
    def documents(self) -> list[tuple[casework_api.CitizenRequestSummary, casework_api.IssuedDocument]]:
        return [(r, d) for r in self.requests for d in r.documents]


def citizen_space(*, user_id: int, site_schema: str) -> CitizenSpace:
    """What a signed-in citizen sees in "Mon espace" on the site of `site_schema`: their
    requests, documents, vault pieces, drafts and the 360° looks at them, across the EPCI
    family of the site."""
    schemas = family_schemas(site_schema)
    return CitizenSpace(
        schemas=schemas,
        requests=casework_api.requests_of_citizen(user_id=user_id, schemas=schemas),
        pieces=_optional(vault_api, "citizen_pieces", user_id=user_id, schemas=schemas),
        drafts=_drafts(user_id=user_id, schemas=schemas),
        looks=looks_at(user_id=user_id, schemas=schemas),
    )


@dataclass(frozen=True)
class FileHere:
    """A citizen's file in one schema, as the agent's 360° view shows it."""

    schema: str
    tenant_name: str
    activity: casework_api.CitizenActivity | None
    pieces: list[Any] | None


def file_in(*, user_id: int, schema: str, current_schema: str) -> FileHere:
    """The citizen's requests, interactions and vault pieces in `schema` (admin links only for
    the agent's own schema)."""
    info = tenants_api.tenant_for_schema(schema)
    with schema_context(schema):
        activity = casework_api.citizen_activity_here(user_id, admin_links=schema == current_schema)
        pieces = _optional(vault_api, "pieces_in_schema", user_id=user_id)
    return FileHere(schema=schema, tenant_name=info.name if info else schema, activity=activity, pieces=pieces)


def known_in(*, user_id: int, schemas: list[str]) -> list[str]:
    """The schemas among `schemas` where the citizen has requests."""
    found = []
    for schema in schemas:
        with schema_context(schema):
            if casework_api.citizen_known_here(user_id):
                found.append(schema)
    return found
