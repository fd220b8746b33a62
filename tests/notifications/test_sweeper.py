"""The periodic sweeper: one flush per tenant schema, never public nor the template."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from guichet.notifications import api, tasks
from tenants.models import Tenant
from tests.conftest import DemoTenants


@pytest.mark.django_db
def test_the_sweeper_fans_out_to_every_tenant_but_not_public_or_the_template(
    demo: DemoTenants, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[dict[str, Any]] = []
    monkeypatch.setattr(tasks.flush_outbox, "apply_async", lambda **options: sent.append(options))
    schemas = tasks.flush_outbox_everywhere()
    assert [options["headers"]["_schema_name"] for options in sent] == schemas
    assert "public" not in schemas and "tenant_template" not in schemas
    assert {"c_29058", "c_29006", "e_242900660"} <= set(schemas)


@pytest.mark.django_db
def test_a_tenants_flush_sends_what_is_due_in_its_schema_only(fouesnant: Tenant, benodet: Tenant) -> None:
    with tenant_context(fouesnant):
        api.enqueue_email(event="notifications.message", to="a@example.fr", context={"subject": "A", "message": "a"})
    with tenant_context(benodet):
        api.enqueue_email(event="notifications.message", to="b@example.fr", context={"subject": "B", "message": "b"})
        assert tasks.flush_outbox() == {"schema": benodet.schema_name, "sent": 1}
    assert [m.to for m in mail.outbox] == [["b@example.fr"]]
