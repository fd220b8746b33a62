"""What the sites (the catalogue's review page, the CMS) ask of the requests back end."""

from __future__ import annotations

from .forms import IdentityForm
from .lookups import RequestSummary, citizen_requests
from .services import (
    CaseworkError,
    Identity,
    ServiceVersion,
    Site,
    Submitted,
    submit_request,
)

__all__ = [
    "CaseworkError",
    "Identity",
    "IdentityForm",
    "RequestSummary",
    "ServiceVersion",
    "Site",
    "Submitted",
    "citizen_requests",
    "submit_request",
]
