"""Test helpers of the citizen's space and the 360° view: requests made by a signed-in
citizen (through `casework.services.submit_request`, as the site does), agents signed in."""

from __future__ import annotations

import html
import uuid
from dataclasses import replace
from typing import Any

from django_tenants.utils import tenant_context

from guichet.accounts.api import register_citizen
from guichet.casework import services
from guichet.roles.api import Role
from services_catalog import api as catalogue_api
from tenants.models import Tenant
from tests.casework.factories import DEFAULT_SLUG, PASSWORD, agent, site_of
from tests.conftest import SiteClient, site_client

SHARED_SLUG = "collecte-encombrants"  # an EPCI-shared starter service


def citizen(email: str, first_name: str = "Maëlle", last_name: str = "Le Dréau") -> Any:
    return register_citizen(email=email, password=PASSWORD, first_name=first_name, last_name=last_name)


def citizen_request(
    tenant: Tenant,
    user: Any,
    *,
    service_slug: str | None = None,
    channel: str = "web",
    first_name: str | None = None,
    last_name: str | None = None,
) -> tuple[str, int]:
    """A request of `user` made on `tenant`'s site: (handler schema, request id)."""
    slug = service_slug or DEFAULT_SLUG[tenant.kind]
    with tenant_context(tenant):
        detail = catalogue_api.service_detail(tenant, slug)
        assert detail is not None, f"{slug} is not offered on {tenant.schema_name}"
        result = services.submit_request(
            service=services.ServiceVersion.of(detail),
            answers={},
            identity=services.Identity(
                first_name=first_name or user.first_name,
                last_name=last_name or user.last_name,
                email=user.email,
                postal_address="3 rue de la Plage\n29950 Bénodet",
                phone="0298000000",
            ),
            origin=replace(site_of(tenant), reference_prefix=""),
            handler=site_of(detail.entry.handler_schema),
            submission_key=uuid.uuid4(),
            citizen=user,
            channel=channel,
        )
    return result.handler_schema, result.request_id


def signed_in(tenant: Tenant, email: str) -> SiteClient:
    client = site_client(tenant)
    response = client.post("/compte/connexion/", {"username": email, "password": PASSWORD})
    assert response.status_code == 302, response
    return client


def agent_client(tenant: Tenant, email: str, role: str = Role.AGENT, **names: str) -> tuple[SiteClient, Any]:
    user = agent(tenant, email, role=role, **names)
    return signed_in(tenant, email), user


def text(response: Any) -> str:
    return html.unescape(response.content.decode())
