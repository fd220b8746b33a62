"""Public interface of the audit log: other apps call `record` inside their transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .models import AuditEvent


def record(
    action: str,
    *,
    actor: Any = None,
    target_type: str = "",
    target_id: object = "",
    data: dict[str, Any] | None = None,
) -> int:
    """Write one audit row in the current schema and return its id."""
    actor_id = getattr(actor, "pk", None)
    event = AuditEvent.objects.create(
        actor_id=actor_id,
        actor_label=(getattr(actor, "email", "") or "") if actor_id else "système",
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        data=data or {},
    )
    return event.pk


@dataclass(frozen=True)
class AuditEntry:
    id: int
    occurred_at: dt.datetime
    actor_id: int | None
    actor_label: str
    action: str
    target_type: str
    target_id: str
    data: dict[str, Any]


def events_about(*, target_type: str, target_id: str, actions: list[str], limit: int = 200) -> list[AuditEntry]:
    """The current schema's audit rows of `actions` about one target, newest first (one query)."""
    rows = AuditEvent.objects.filter(target_type=target_type, target_id=str(target_id), action__in=actions)
    return [
        AuditEntry(
            id=e.pk,
            occurred_at=e.occurred_at,
            actor_id=e.actor_id,
            actor_label=e.actor_label,
            action=e.action,
            target_type=e.target_type,
            target_id=e.target_id,
            data=dict(e.data or {}),
        )
        for e in rows.order_by("-occurred_at", "-id")[:limit]
    ]
