"""What other apps ask of the incoming mailbox."""

from __future__ import annotations

from .lookups import new_count
from .services import set_request_reference

__all__ = ["new_count", "set_request_reference"]
