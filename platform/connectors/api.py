"""What other apps (the form engine) ask of the national data connectors (R-DLNUF-3)."""

from __future__ import annotations

from .lookups import family_quotient_available
from .services import check_connection, configure, fetch_family_quotient
from .sources import (
    ConnectorError,
    FetchedData,
    InvalidInput,
    NationalDataSource,
    NotAuthorised,
    NotConfigured,
    NotFound,
    Unavailable,
    check_family_quotient_input,
)

__all__ = [
    "ConnectorError",
    "FetchedData",
    "InvalidInput",
    "NationalDataSource",
    "NotAuthorised",
    "NotConfigured",
    "NotFound",
    "Unavailable",
    "check_family_quotient_input",
    "configure",
    "family_quotient_available",
    "fetch_family_quotient",
    "check_connection",
]
