"""Public interface of the audit log: other apps call `record` inside their transaction."""

from __future__ import annotations

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
