"""Test helpers for the requests back end: real requests and agents, made through the
services (no hand-built rows), so every test sees what production would store.

    from tests.casework.factories import agent, make_request

    request_id = make_request(demo["benodet"])                       # a Bénodet request
    shared_id = make_request(demo["benodet"], service_slug="collecte-encombrants")
    # ^ a shared service: stored in the EPCI's schema, origin "Bénodet"
    user = agent(demo["benodet"], "agent@benodet.example")

Every helper switches to the right schema itself and puts the connection back as it was.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace
from typing import Any

from django_tenants.utils import tenant_context

from guichet.accounts.api import create_staff_user
from guichet.casework import services
from guichet.casework.models import CorrectionReason, Request, State
from guichet.roles.api import Role, grant_role
from services_catalog import api as catalogue_api
from tenants.models import Tenant

PASSWORD = "mot de passe très long"

# A live starter service of each kind of tenant (services_catalog/starter/).
DEFAULT_SLUG = {"commune": "attestation-d-accueil", "epci": "collecte-encombrants"}


def agent(tenant: Tenant, email: str, *, role: str = Role.AGENT, first_name: str = "", last_name: str = "") -> Any:
    """A staff user (password `PASSWORD`) holding `role` (the Agent role by default) in `tenant`."""
    user = create_staff_user(email=email, password=PASSWORD, first_name=first_name, last_name=last_name)
    grant_role(tenant=tenant, user=user, role=role)
    return user


def site_of(tenant_or_schema: Tenant | str) -> services.Site:
    """A tenant as `casework.services` sees it (with its reference prefix)."""
    schema = tenant_or_schema if isinstance(tenant_or_schema, str) else tenant_or_schema.schema_name
    site = services.Site.of_schema(schema)
    assert site is not None, schema
    return site


def handler_of(tenant: Tenant, service_slug: str) -> Tenant:
    """The tenant whose schema holds requests for `service_slug` asked on `tenant`'s site."""
    with tenant_context(tenant):
        detail = catalogue_api.service_detail(tenant, service_slug)
    assert detail is not None, f"{service_slug} is not offered on {tenant.schema_name}"
    return Tenant.objects.get(schema_name=detail.entry.handler_schema)


def make_request(
    tenant: Tenant,
    *,
    service_slug: str | None = None,
    state: str = State.SUBMITTED,
    first_name: str = "Camille",
    last_name: str = "Le Gall",
    email: str = "camille.legall@example.fr",
    phone: str = "",
    postal_address: str = "1 place de la Mairie\n29170 Fouesnant",
    channel: str = "web",
    silence: str | None = None,
    silence_delay: int = 2,
    due_on: dt.date | None = None,
    answers: dict[str, Any] | None = None,
    actor: Any = None,
) -> int:
    """Submit a request on `tenant`'s site (its origin) through `services.submit_request` and
    return its id in the competent schema: `tenant`'s own, or its EPCI's for a shared service
    (see `handler_of`).

    - `service_slug`: a live service offered on `tenant`'s site (default: a starter service of
      its kind, `DEFAULT_SLUG`).
    - `silence`: "sva" / "svr" / "none" to override the version's silence rule (with
      `silence_delay` months); None keeps the service's own.
    - `state`: the request is then moved there through the services, by `actor` (default: an
      agent of the handler made for the purpose): "in_processing", "awaiting_citizen" (a
      correction is pending), "accepted", "rejected", "closed".
    - `due_on`: sets the implicit decision date directly, as the daily clock would have.
    """
    slug = service_slug or DEFAULT_SLUG[tenant.kind]
    with tenant_context(tenant):
        detail = catalogue_api.service_detail(tenant, slug)
        assert detail is not None, f"{slug} is not offered on {tenant.schema_name}"
        settings = dict(detail.version_settings)
        if silence is not None:
            settings.update(silence_rule=silence, silence_delay=silence_delay, silence_delay_unit="months")
        version = replace(services.ServiceVersion.of(detail), settings=settings)
        submission = {
            "answers": answers or {},
            "identity": services.Identity(
                first_name=first_name, last_name=last_name, email=email, postal_address=postal_address, phone=phone
            ),
            "origin": replace(site_of(tenant), reference_prefix=""),
            "handler": site_of(detail.entry.handler_schema),
            "submission_key": uuid.uuid4(),
            "channel": channel,
        }
        result = services.submit_request(service=version, **submission)
    handler = Tenant.objects.get(schema_name=result.handler_schema)
    if state != State.SUBMITTED:
        actor = actor or agent(handler, f"factory.agent@{handler.schema_name.replace('_', '-')}.example")
        with tenant_context(handler):
            _move(result.request_id, state, actor)
    if due_on is not None:
        with tenant_context(handler):
            Request.objects.filter(pk=result.request_id).update(decision_due_on=due_on)
    return result.request_id


def _move(request_id: int, state: str, actor: Any) -> None:
    if state in (State.IN_PROCESSING, State.AWAITING_CITIZEN):
        services.start_processing(request_id=request_id, actor=actor)
    if state == State.AWAITING_CITIZEN:
        services.request_correction(
            request_id=request_id,
            actor=actor,
            reason=CorrectionReason.INCOMPLETE,
            message="Justificatif de domicile",
            deadline=dt.date.today() + dt.timedelta(days=15),
        )
    elif state in services.DECISIONS:
        services.decide(request_id=request_id, actor=actor, outcome=state, reason="Motif de test")
    elif state not in (State.IN_PROCESSING,):
        raise ValueError(f"make_request cannot reach state {state!r}")


def get_request(tenant: Tenant, request_id: int) -> Request:
    """The request as stored in `tenant`'s schema (the handler's)."""
    with tenant_context(tenant):
        return Request.objects.select_related("assigned_to", "team").get(pk=request_id)
