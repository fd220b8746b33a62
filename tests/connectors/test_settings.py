"""Per-collectivité habilitation (R-DLNUF-3): each tenant has its own settings and token,
a tenant without settings has no connector, a fetch uses the settings of the schema it is
asked for only, and the audit rows say which data and the outcome, never the values."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from guichet.audit.models import AuditEvent
from guichet.connectors import api
from guichet.connectors.fake_api_particulier import FakeApiParticulier
from guichet.connectors.models import ConnectorSettings
from tenants.models import Tenant
from tests.conftest import DemoTenants
from tests.connectors.conftest import FOUESNANT_TOKEN, PLEUVEN_TOKEN

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_http")]


def enable(tenant: Tenant, server: FakeApiParticulier, token: str, timeout: int = 5) -> None:
    with tenant_context(tenant):
        api.configure(enabled=True, base_url=server.url, token=token, timeout_seconds=timeout)


def test_fouesnant_enabled_benodet_not_configured(demo: DemoTenants, fake_api: FakeApiParticulier) -> None:
    """R-DLNUF-3: the habilitation is per tenant; Bénodet has none and never gets Fouesnant's token."""
    fouesnant, benodet = demo["fouesnant"], demo["benodet"]
    enable(fouesnant, fake_api, FOUESNANT_TOKEN)
    assert api.family_quotient_available(schema_name=fouesnant.schema_name)
    assert not api.family_quotient_available(schema_name=benodet.schema_name)
    assert not api.family_quotient_available(schema_name=demo.epci.schema_name)

    fetched = api.fetch_family_quotient(
        schema_name=fouesnant.schema_name, beneficiary_number="1234567", postal_code="29170"
    )
    assert fetched.values["quotient_familial"] == 850 and fetched.source_label == "CAF via API Particulier"
    with pytest.raises(api.NotConfigured) as refused:
        api.fetch_family_quotient(schema_name=benodet.schema_name, beneficiary_number="1234567", postal_code="29170")
    assert "pas activé pour cette collectivité" in refused.value.message
    assert fake_api.seen_tokens == [FOUESNANT_TOKEN]  # nothing was sent for Bénodet

    with tenant_context(fouesnant):
        ok = AuditEvent.objects.get(action="connectors.fetched")
    assert ok.data == {"data": "quotient_familial", "outcome": "ok", "source": "CAF via API Particulier"}
    with tenant_context(benodet):
        failed = AuditEvent.objects.get(action="connectors.fetch_failed")
        assert not AuditEvent.objects.filter(action="connectors.fetched").exists()
    assert failed.data["outcome"] == "not_configured"
    for event in (ok, failed):
        assert "850" not in str(event.data) and "1234567" not in str(event.data)


def test_each_tenant_sends_its_own_token(demo: DemoTenants, fake_api: FakeApiParticulier) -> None:
    """R-DLNUF-3: Pleuven's token is refused by a server expecting Fouesnant's: each tenant's own token is sent."""
    enable(demo["fouesnant"], fake_api, FOUESNANT_TOKEN)
    enable(demo["pleuven"], fake_api, PLEUVEN_TOKEN)
    with pytest.raises(api.NotAuthorised):
        api.fetch_family_quotient(
            schema_name=demo["pleuven"].schema_name, beneficiary_number="2345678", postal_code="29170"
        )
    api.fetch_family_quotient(
        schema_name=demo["fouesnant"].schema_name, beneficiary_number="2345678", postal_code="29170"
    )
    assert fake_api.seen_tokens == [PLEUVEN_TOKEN, FOUESNANT_TOKEN]
    with tenant_context(demo["pleuven"]):
        assert AuditEvent.objects.get(action="connectors.fetch_failed").data["outcome"] == "not_authorised"


def test_failures_are_audited_with_their_outcome(fouesnant: Tenant, fake_api: FakeApiParticulier) -> None:
    enable(fouesnant, fake_api, FOUESNANT_TOKEN, timeout=1)
    schema = fouesnant.schema_name
    with pytest.raises(api.NotFound):
        api.fetch_family_quotient(schema_name=schema, beneficiary_number="9999999", postal_code="29170")
    with pytest.raises(api.InvalidInput):
        api.fetch_family_quotient(schema_name=schema, beneficiary_number="12", postal_code="29170")
    fake_api.fail_with = 503
    with pytest.raises(api.Unavailable):
        api.fetch_family_quotient(schema_name=schema, beneficiary_number="1234567", postal_code="29170")
    fake_api.fail_with, fake_api.delay = 0, 2.0
    with pytest.raises(api.Unavailable):
        api.fetch_family_quotient(schema_name=schema, beneficiary_number="1234567", postal_code="29170")
    with tenant_context(fouesnant):
        outcomes = list(
            AuditEvent.objects.filter(action="connectors.fetch_failed").order_by("pk").values_list("data", flat=True)
        )
    assert [o["outcome"] for o in outcomes] == ["not_found", "invalid_input", "unavailable", "unavailable"]
    assert len(fake_api.seen_tokens) == 3  # the malformed number made no call


def test_configure_keeps_the_token_refuses_bad_input_and_audits_without_the_token(
    fouesnant: Tenant, fake_api: FakeApiParticulier, settings: pytest.FixtureRequest
) -> None:
    with tenant_context(fouesnant):
        with pytest.raises(api.InvalidInput) as no_token:
            api.configure(enabled=True, base_url="https://particulier.api.gouv.fr", token="")
        assert "jeton" in no_token.value.message
        api.configure(enabled=True, base_url=fake_api.url, token=FOUESNANT_TOKEN)
        api.configure(enabled=True, base_url=fake_api.url, token=None, timeout_seconds=3)  # token kept
        row = ConnectorSettings.objects.get()
        assert (row.api_particulier_token, row.timeout_seconds) == (FOUESNANT_TOKEN, 3)
        settings.GUICHET_CONNECTORS_ALLOW_HTTP = False  # type: ignore[attr-defined]
        with pytest.raises(api.InvalidInput) as plain_http:
            api.configure(enabled=True, base_url=fake_api.url)
        assert "https://" in plain_http.value.message
        with pytest.raises(api.InvalidInput):
            api.configure(enabled=True, base_url="https://particulier.api.gouv.fr", timeout_seconds=0)
        events = list(AuditEvent.objects.filter(action="connectors.settings_changed").order_by("pk"))
    assert [e.data["token_changed"] for e in events] == [True, False]
    assert all(FOUESNANT_TOKEN not in str(e.data) for e in events)


def test_check_connection_reports_in_french_and_is_audited(fouesnant: Tenant, fake_api: FakeApiParticulier) -> None:
    with tenant_context(fouesnant):
        with pytest.raises(api.NotConfigured):
            api.check_connection()
        api.configure(enabled=False, base_url=fake_api.url, token="jeton-perime-0000")
        with pytest.raises(api.NotAuthorised):
            api.check_connection()
        api.configure(enabled=True, base_url=fake_api.url, token=FOUESNANT_TOKEN)
        assert "Connexion réussie" in api.check_connection()
        outcomes = [
            e.data["outcome"] for e in AuditEvent.objects.filter(action="connectors.connection_tested").order_by("pk")
        ]
    assert outcomes == ["not_configured", "not_authorised", "ok"]


def test_the_token_is_encrypted_at_rest_and_unusable_with_another_key(
    fouesnant: Tenant, fake_api: FakeApiParticulier, settings: pytest.FixtureRequest
) -> None:
    enable(fouesnant, fake_api, FOUESNANT_TOKEN)
    with tenant_context(fouesnant):
        stored = ConnectorSettings.objects.values_list("api_particulier_token_encrypted", flat=True).get()
    assert stored and FOUESNANT_TOKEN not in stored
    settings.GUICHET_CONNECTORS_SECRET = "une autre clé"  # type: ignore[attr-defined]
    assert not api.family_quotient_available(schema_name=fouesnant.schema_name)
    with pytest.raises(api.NotConfigured):
        api.fetch_family_quotient(schema_name=fouesnant.schema_name, beneficiary_number="1234567", postal_code="29170")
    assert fake_api.seen_tokens == []


def test_the_demo_command_enables_a_tenant_with_a_token_from_the_environment(
    demo: DemoTenants, fake_api: FakeApiParticulier, monkeypatch: pytest.MonkeyPatch
) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    monkeypatch.setenv("DEMO_API_TOKEN", FOUESNANT_TOKEN)
    out = StringIO()
    schema = demo["pleuven"].schema_name
    call_command("api_particulier", schema=schema, url=fake_api.url, token_env="DEMO_API_TOKEN", stdout=out)
    assert "activé pour Pleuven" in out.getvalue()
    assert api.family_quotient_available(schema_name=schema)
    assert not api.family_quotient_available(schema_name=demo["benodet"].schema_name)
    with pytest.raises(CommandError, match="Collectivité inconnue"):
        call_command("api_particulier", schema="public", url=fake_api.url, token="x")
    with pytest.raises(CommandError, match="jeton"):
        call_command("api_particulier", schema=demo["benodet"].schema_name, url=fake_api.url)
    call_command("api_particulier", schema=schema, disable=True, stdout=out)
    assert not api.family_quotient_available(schema_name=schema)
