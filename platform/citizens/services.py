"""Writes of the citizens app: the audit rows of the 360° view.

A look at a citizen's file is written in the agent's schema AND in every other schema read,
in one transaction, so that each collectivité's log knows who read its data and why, and
the citizen's space can list the looks. A refused attempt is written in the agent's schema.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import schema_context

from guichet.audit import api as audit_api
from tenants import api as tenants_api

from .lookups import REFUSED_360, TARGET_TYPE, VIEWED_360

REASONS: list[tuple[str, Any]] = [
    ("instruction", _("Instruction d'une demande")),
    ("accueil", _("Accueil au guichet ou au téléphone")),
    ("question", _("Réponse à une question de l'usager")),
    ("autre", _("Autre motif")),
]
OTHER = "autre"
OTHER_MAX_LENGTH = 200


class CitizensError(ValueError):
    pass


def agent_name(actor: Any) -> str:
    full = f"{getattr(actor, 'first_name', '')} {getattr(actor, 'last_name', '')}".strip()
    return full or str(getattr(actor, "email", "") or "")


@dataclass(frozen=True)
class LookRecorded:
    look: str
    schemas: list[str]
    audit_ids: dict[str, int]


def record_look(*, actor: Any, citizen_id: int, reason: str, other: str, schemas: list[str]) -> LookRecorded:
    """Audit one 360° look by `actor` (an agent of the current schema) at the citizen's file in
    `schemas`: one row `citizens.viewed_360` in the current schema and in each schema read."""
    labels = dict(REASONS)
    if reason not in labels:
        raise CitizensError("motif inconnu")
    other = other.strip()[:OTHER_MAX_LENGTH] if reason == OTHER else ""
    if reason == OTHER and not other:
        raise CitizensError("motif « autre » sans précision")
    here = str(getattr(connection, "schema_name", ""))
    info = tenants_api.tenant_for_schema(here)
    names = []
    for schema in schemas:
        read = tenants_api.tenant_for_schema(schema)
        names.append(read.name if read else schema)
    look = uuid.uuid4().hex
    data = {
        "look": look,
        "reason": reason,
        "reason_label": str(labels[reason]),
        "reason_other": other,
        "schemas": list(schemas),
        "tenants": names,
        "agent_name": agent_name(actor),
        "agent_schema": here,
        "agent_tenant": info.name if info else here,
    }
    ids: dict[str, int] = {}
    with transaction.atomic():
        for schema in dict.fromkeys([here, *schemas]):
            with schema_context(schema):
                ids[schema] = audit_api.record(
                    VIEWED_360, actor=actor, target_type=TARGET_TYPE, target_id=citizen_id, data=data
                )
    return LookRecorded(look=look, schemas=list(schemas), audit_ids=ids)


def record_refusal(*, actor: Any, citizen_id: str, why: str, data: dict[str, Any] | None = None) -> int:
    """Audit a refused 360° attempt (forged reason, unknown citizen, missing permission…) in the
    current schema."""
    with transaction.atomic():
        return audit_api.record(
            REFUSED_360,
            actor=actor,
            target_type=TARGET_TYPE,
            target_id=str(citizen_id)[:100],
            data={"why": why, **(data or {})},
        )
