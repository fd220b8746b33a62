"""What the sites (the catalogue's review page, the CMS) ask of the requests back end."""

from __future__ import annotations

from .forms import IdentityForm
from .lookups import (
    ActivityItem,
    ActivityRequest,
    CitizenActivity,
    CitizenRequestSummary,
    IssuedDocument,
    KnownCitizen,
    citizen_activity_here,
    citizen_known_here,
    citizen_requests,
    citizens_known_here,
    citizens_known_in,
    requests_of_citizen,
)
from .models import ASSISTED_CHANNELS, IntakeChannel
from .services import CaseworkError, submit_request
from .values import Identity, ServiceVersion, Site, Submitted, Upload

__all__ = [
    "CaseworkError",
    "Identity",
    "IdentityForm",
    "ServiceVersion",
    "Site",
    "Submitted",
    "Upload",
    "ASSISTED_CHANNELS",
    "IntakeChannel",
    "citizen_requests",
    "ActivityItem",
    "ActivityRequest",
    "CitizenActivity",
    "CitizenRequestSummary",
    "IssuedDocument",
    "KnownCitizen",
    "citizen_activity_here",
    "citizen_known_here",
    "citizens_known_here",
    "citizens_known_in",
    "requests_of_citizen",
    "submit_request",
]
