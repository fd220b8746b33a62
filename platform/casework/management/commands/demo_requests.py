"""A few requests for the demo (`make demo`), made through the services like a citizen's:
two at Fouesnant (one waiting for the citizen), one shared service asked on Bénodet's site
(in the EPCI's queue). Does nothing if Fouesnant already has requests."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tenants.utils import schema_context

from services_catalog import api as catalogue_api
from tenants import api as tenants_api

from ... import services
from ...models import Request

CITIZEN = "usager@guichet.localhost"
AGENT = "agent.fouesnant@guichet.localhost"


def _site(schema: str) -> services.Site:
    site = services.Site.of_schema(schema)
    if site is None:
        raise LookupError(schema)
    return site


def _submit(site_tenant: Any, slug: str, citizen: Any, answers: dict[str, Any]) -> int | None:
    with schema_context(site_tenant.schema_name):
        detail = catalogue_api.service_detail(site_tenant, slug)
        if detail is None:
            return None
        result = services.submit_request(
            service=services.ServiceVersion.of(detail),
            answers=answers,
            identity=services.Identity(
                first_name="Camille",
                last_name="Le Goff",
                email=CITIZEN,
                phone="06 12 34 56 78",
                postal_address="3 route de Beg Meil\n29170 Fouesnant",
            ),
            origin=_site(site_tenant.schema_name),
            handler=_site(detail.entry.handler_schema),
            submission_key=uuid.uuid4(),
            citizen=citizen,
        )
    return result.request_id


class Command(BaseCommand):
    help = "Quelques demandes de démonstration (Fouesnant, et une démarche de l'EPCI depuis Bénodet)."

    def handle(self, *args: Any, **options: Any) -> None:
        from urllib.parse import urlsplit

        sites = {info.slug: info for info in tenants_api.hosted_tenants()}
        if "fouesnant" not in sites or "benodet" not in sites:
            return
        fouesnant, benodet = (
            tenants_api.resolve_host(urlsplit(sites[slug].url).hostname or "") for slug in ("fouesnant", "benodet")
        )
        if fouesnant is None or benodet is None:
            return
        with schema_context(fouesnant.schema_name):
            if Request.objects.exists():
                return
        users = get_user_model().objects
        citizen = users.filter(email=CITIZEN).first()
        agent = users.filter(email=AGENT).first()
        identity = {"nom": "Le Goff", "prenom": "Camille", "courriel": CITIZEN}
        _submit(fouesnant, "reservation-salle-municipale", citizen, identity)
        waiting = _submit(fouesnant, "inscription-restauration-scolaire", citizen, identity)
        _submit(benodet, "demande-composteur", citizen, identity)
        if waiting is not None and agent is not None:
            with schema_context(fouesnant.schema_name):
                services.start_processing(request_id=waiting, actor=agent)
                services.request_correction(
                    request_id=waiting,
                    actor=agent,
                    reason="incomplete",
                    message="Attestation de quotient familial de la CAF",
                    deadline=timezone.localdate() + dt.timedelta(days=15),
                )
        self.stdout.write(
            self.style.SUCCESS("Demandes de démonstration : 3 (voir « Demandes » dans l'administration).")
        )
