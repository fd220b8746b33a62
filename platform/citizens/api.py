"""What other apps ask of the citizen's space and the agents' 360° view."""

from __future__ import annotations

from .lookups import REFUSED_360, VIEWED_360, Look, citizen_space, family_schemas, looks_at
from .models import VIEW_ACROSS_EPCI_PERMISSION

__all__ = [
    "REFUSED_360",
    "VIEWED_360",
    "VIEW_ACROSS_EPCI_PERMISSION",
    "Look",
    "citizen_space",
    "family_schemas",
    "looks_at",
]
