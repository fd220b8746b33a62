"""Reads of the requests back end that change nothing: where a citizen's request is (tracking
link, "Mes demandes"), the files of a request, and whether its AR was delivered (R-SVE-7).
Writes are in `casework.services`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from guichet.notifications import api as notifications

from .models import Correction, Document, DocumentKind, Message, Request, RequestFile, State

if TYPE_CHECKING:
    from .values import Site


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


def citizen_requests(*, site: Site, user_id: int) -> list[CitizenRequestSummary]:
    """A signed-in citizen's requests made on `site` (the commune's, and the EPCI's from it),
    newest first ("Mes demandes"; "Mon espace" shows those of the whole EPCI)."""
    everywhere = requests_of_citizen(user_id=user_id, schemas=_schemas_of_site(site))
    return [row for row in everywhere if row.origin_schema == site.schema_name]


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


# --- Across schemas: the citizen's space and the agents' 360° view (issue #6) ----------------


@dataclass(frozen=True)
class IssuedDocument:
    id: int
    kind: str
    kind_label: str
    issued_at: dt.datetime
    url: str  # through the tracking page, on the request's origin site


@dataclass(frozen=True)
class CitizenRequestSummary:
    """One of a citizen's requests, wherever it is handled, with the collectivité handling it."""

    schema: str
    id: int
    reference: str
    service_title: str
    state: str
    state_label: str
    channel: str
    channel_label: str
    submitted_at: dt.datetime
    handler_name: str  # the collectivité whose schema holds it (the EPCI for a shared service)
    origin_schema: str
    origin_name: str
    url: str  # the citizen's page of the request, on the origin site's domain
    documents: tuple[IssuedDocument, ...] = ()


def _tenant_name(schema: str) -> str:
    from tenants.api import tenant_for_schema

    info = tenant_for_schema(schema)
    return info.name if info else ""


def _citizen_url(request: Request) -> str:
    """The tracking page on the origin site (its link expires some time after the decision:
    then the signed-in page "Mes demandes" of the origin site)."""
    from tenants.api import tenant_for_schema

    info = tenant_for_schema(request.origin_schema)
    base = info.url if info and info.url else "/"
    if _link_valid(request):
        return f"{base}suivi/{request.tracking_code}/"
    return f"{base}mes-demandes/{request.reference}/"


def requests_of_citizen(*, user_id: int, schemas: list[str]) -> list[CitizenRequestSummary]:
    """A signed-in citizen's requests (drafts excepted) in each of `schemas`, newest first, with
    the documents issued on them. Two queries per schema (the requests, their documents)."""
    rows: list[CitizenRequestSummary] = []
    for schema in schemas:
        handler = _tenant_name(schema)
        with schema_context(schema):
            found = (
                Request.objects.filter(citizen_id=user_id)
                .exclude(state=State.DRAFT)
                .prefetch_related(models.Prefetch("documents", Document.objects.exclude(path="")))
            )
            for request in found:
                url = _citizen_url(request)
                documents = tuple(
                    IssuedDocument(
                        id=d.pk,
                        kind=d.kind,
                        kind_label=str(d.get_kind_display()),
                        issued_at=d.issued_at,
                        url=f"{url}documents/{d.pk}/",
                    )
                    for d in request.documents.all()
                )
                rows.append(
                    CitizenRequestSummary(
                        schema=schema,
                        id=request.pk,
                        reference=request.reference,
                        service_title=request.service_title,
                        state=request.state,
                        state_label=str(request.get_state_display()),
                        channel=request.channel,
                        channel_label=str(request.get_channel_display()),
                        submitted_at=request.submitted_at,
                        handler_name=handler,
                        origin_schema=request.origin_schema,
                        origin_name=request.origin_name,
                        url=url,
                        documents=documents,
                    )
                )
    return sorted(rows, key=lambda r: r.submitted_at, reverse=True)


@dataclass(frozen=True)
class KnownCitizen:
    """A person with an account who made requests handled in the schemas searched."""

    user_id: int
    first_name: str
    last_name: str
    email: str
    requests: int
    last_request_at: dt.datetime

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


SEARCH_MIN_CHARS = 2
SEARCH_MAX_RESULTS = 50


def citizens_known_here(query: str) -> list[KnownCitizen]:
    """Citizens (with an account) who have requests in the CURRENT schema, matched on their name
    or email as given on those requests, accents and case ignored. Never the global account
    table: an agent must not discover the citizens of another collectivité."""
    return citizens_known_in(query=query, schemas=[_current_schema()])


def citizens_known_in(*, query: str, schemas: list[str]) -> list[KnownCitizen]:
    """`citizens_known_here` over several schemas (the EPCI's cross-commune search): one query
    per schema."""
    from .admin_views import _plain, _plain_sql

    terms = [t for t in query.split() if t][:5]
    if len(query.strip()) < SEARCH_MIN_CHARS or not terms:
        return []
    found: dict[int, KnownCitizen] = {}
    for schema in schemas:
        with schema_context(schema):
            requests = (
                Request.objects.exclude(citizen_id=None)
                .exclude(state=State.DRAFT)
                .annotate(
                    plain_name=_plain_sql(Concat(F("first_name"), Value(" "), F("last_name"), output_field=CharField()))
                )
            )
            for term in terms:
                requests = requests.filter(Q(plain_name__contains=_plain(term)) | Q(email__icontains=term))
            rows = requests.order_by("-submitted_at").values_list(
                "citizen_id", "first_name", "last_name", "email", "submitted_at"
            )[:500]
            for citizen_id, first, last, email, at in rows:
                known = found.get(citizen_id)
                if known is None:
                    found[citizen_id] = KnownCitizen(citizen_id, first, last, email, 1, at)
                elif at > known.last_request_at:
                    found[citizen_id] = KnownCitizen(citizen_id, first, last, email, known.requests + 1, at)
                else:
                    found[citizen_id] = replace(known, requests=known.requests + 1)
    ordered = sorted(found.values(), key=lambda c: (c.last_name.lower(), c.first_name.lower(), c.user_id))
    return ordered[:SEARCH_MAX_RESULTS]


def _current_schema() -> str:
    from django.db import connection

    return str(getattr(connection, "schema_name", ""))


@dataclass(frozen=True)
class ActivityRequest:
    id: int
    reference: str
    service_title: str
    state: str
    state_label: str
    channel_label: str
    origin_name: str
    submitted_at: dt.datetime
    documents: tuple[IssuedDocument, ...]  # url: the agent's download in this tenant's admin


@dataclass(frozen=True)
class ActivityItem:
    request_id: int
    reference: str
    at: dt.datetime
    label: str  # what happened ("Reçu de l'usager", "Pièce manquante"…)
    text: str
    done: bool = True


@dataclass(frozen=True)
class CitizenActivity:
    """Everything a citizen did or received in the current schema."""

    schema: str
    first_name: str
    last_name: str
    email: str
    phone: str
    requests: tuple[ActivityRequest, ...]
    messages: tuple[ActivityItem, ...]
    corrections: tuple[ActivityItem, ...]

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def citizen_known_here(user_id: int) -> bool:
    """Whether the citizen has a request (drafts excepted) in the current schema."""
    return Request.objects.filter(citizen_id=user_id).exclude(state=State.DRAFT).exists()


def citizen_activity_here(user_id: int, *, admin_links: bool = True) -> CitizenActivity | None:
    """The citizen's requests, messages and corrections in the current schema (None when they
    have no request here). `admin_links`: documents link to this tenant's agents' downloads."""
    requests = list(
        Request.objects.filter(citizen_id=user_id)
        .exclude(state=State.DRAFT)
        .order_by("-submitted_at")
        .prefetch_related(models.Prefetch("documents", Document.objects.exclude(path="")))
    )
    if not requests:
        return None
    latest = requests[0]
    by_id = {r.pk: r.reference for r in requests}
    messages = tuple(
        ActivityItem(
            request_id=m.request_id,
            reference=by_id[m.request_id],
            at=m.sent_at,
            label=str(m.get_direction_display()),
            text=m.body[:300],
        )
        for m in Message.objects.filter(request_id__in=by_id).order_by("-sent_at", "-id")[:100]
    )
    corrections = tuple(
        ActivityItem(
            request_id=c.request_id,
            reference=by_id[c.request_id],
            at=c.requested_at,
            label=str(c.get_reason_display()),
            text=c.message[:300],
            done=c.resolved_at is not None,
        )
        for c in Correction.objects.filter(request_id__in=by_id).order_by("-requested_at", "-id")[:100]
    )
    return CitizenActivity(
        schema=_current_schema(),
        first_name=latest.first_name,
        last_name=latest.last_name,
        email=latest.email,
        phone=latest.phone,
        requests=tuple(
            ActivityRequest(
                id=r.pk,
                reference=r.reference,
                service_title=r.service_title,
                state=r.state,
                state_label=str(r.get_state_display()),
                channel_label=str(r.get_channel_display()),
                origin_name=r.origin_name,
                submitted_at=r.submitted_at,
                documents=tuple(
                    IssuedDocument(
                        id=d.pk,
                        kind=d.kind,
                        kind_label=str(d.get_kind_display()),
                        issued_at=d.issued_at,
                        url=reverse("casework_admin:document", args=[r.pk, d.pk]) if admin_links else "",
                    )
                    for d in r.documents.all()
                ),
            )
            for r in requests
        ),
        messages=messages,
        corrections=corrections,
    )
