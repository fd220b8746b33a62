"""Reads of the requests back end that change nothing: where a citizen's request is (tracking
link, "Mes demandes"), the files of a request, and whether its AR was delivered (R-SVE-7).
Writes are in `casework.services`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone
from django_tenants.utils import schema_context

from guichet.notifications import api as notifications

from .models import Document, DocumentKind, Request, RequestFile

if TYPE_CHECKING:
    from .services import Site


@dataclass(frozen=True)
class StoredFile:
    path: str  # in storages["private"], with the tenant prefix
    name: str  # offered to the browser


def stored_file(*, request_id: int, kind: str, item_id: int) -> StoredFile | None:
    """A file given for this request ("file") or a document issued on it ("document")."""
    if kind == "document":
        document = Document.objects.filter(pk=item_id, request_id=request_id).exclude(path="").first()
        return StoredFile(document.path, document.path.rsplit("/", 1)[-1]) if document else None
    file = RequestFile.objects.filter(pk=item_id, request_id=request_id).first()
    return StoredFile(file.path, file.name) if file else None


def receipt_sent_at(request: Request, *, deliveries: dict[int, Any] | None = None) -> dt.datetime | None:
    """When an accusé de réception of this request was delivered (R-SVE-7: without one, appeal
    deadlines cannot be held against the citizen), or None. `deliveries` (outbox id → delivery)
    spares the lookups when the caller already has them."""
    outbox_ids = (
        Document.objects.filter(request=request, kind=DocumentKind.RECEIPT)
        .exclude(outbox_id=None)
        .values_list("outbox_id", flat=True)
    )
    found = (deliveries.get(i) if deliveries is not None else notifications.delivery(i) for i in outbox_ids if i)
    sent = [d.sent_at for d in found if d is not None and d.sent_at]
    return min(sent) if sent else None


# --- Citizens' access -----------------------------------------------------------------------


def tracking_days_after_decision() -> int:
    return int(getattr(settings, "GUICHET_TRACKING_DAYS_AFTER_DECISION", 180))


def _link_valid(request: Request) -> bool:
    if request.decided_at is None:
        return True
    return timezone.now() - request.decided_at <= dt.timedelta(days=tracking_days_after_decision())


def _schemas_of_site(site: Site) -> list[str]:
    """Where a site's requests live: its own schema, and its EPCI's (shared services)."""
    return [site.schema_name] + ([site.parent_schema] if site.parent_schema else [])


TRACKING_CODE = re.compile(r"[A-Za-z0-9_-]{20,64}")


def find_by_tracking_code(*, site: Site, code: str) -> tuple[str, int] | None:
    """(schema, request id) for a tracking code given on `site`, or None — the same answer
    for an unknown, malformed or expired code."""
    if not TRACKING_CODE.fullmatch(code or ""):
        return None
    for schema in _schemas_of_site(site):
        with schema_context(schema):
            request = Request.objects.filter(tracking_code=code, origin_schema=site.schema_name).first()
            if request is not None:
                return (schema, request.pk) if _link_valid(request) else None
    return None


@dataclass(frozen=True)
class RequestSummary:
    schema: str
    id: int
    reference: str
    service_title: str
    state: str
    state_label: str
    submitted_at: dt.datetime
    handler: str


def citizen_requests(*, site: Site, user_id: int) -> list[RequestSummary]:
    """A signed-in citizen's requests made on `site` (the commune's, and the EPCI's from it)."""
    rows: list[RequestSummary] = []
    for schema in _schemas_of_site(site):
        with schema_context(schema):
            for request in Request.objects.filter(citizen_id=user_id, origin_schema=site.schema_name):
                rows.append(
                    RequestSummary(
                        schema=schema,
                        id=request.pk,
                        reference=request.reference,
                        service_title=request.service_title,
                        state=request.state,
                        state_label=str(request.get_state_display()),
                        submitted_at=request.submitted_at,
                        handler=site.name if schema == site.schema_name else "",
                    )
                )
    return sorted(rows, key=lambda r: r.submitted_at, reverse=True)


def citizen_request(*, site: Site, user_id: int, reference: str) -> tuple[str, int] | None:
    """(schema, id) of a signed-in citizen's own request by reference, from `site`."""
    for schema in _schemas_of_site(site):
        with schema_context(schema):
            found = (
                Request.objects.filter(citizen_id=user_id, origin_schema=site.schema_name, reference=reference)
                .values_list("pk", flat=True)
                .first()
            )
            if found is not None:
                return schema, found
    return None
