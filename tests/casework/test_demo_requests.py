"""`make demo` seeds three requests through the services (and only once)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_tenants.utils import tenant_context

from guichet.casework.models import Request, State
from tests.casework.factories import agent
from tests.conftest import DemoTenants


@pytest.mark.django_db
def test_the_demo_requests_are_made_once(demo: DemoTenants) -> None:
    agent(demo["fouesnant"], "agent.fouesnant@guichet.localhost")
    call_command("demo_requests")
    call_command("demo_requests")
    with tenant_context(demo["fouesnant"]):
        states = sorted(Request.objects.values_list("state", flat=True))
    with tenant_context(demo.epci):
        shared = list(Request.objects.values_list("origin_name", flat=True))
    assert states == [State.AWAITING_CITIZEN, State.SUBMITTED]
    assert shared == ["Bénodet"]
