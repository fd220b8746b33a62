"""Changes made by the connectors: a tenant's settings, a connection test, a fetch. Each one
writes an audit row in the tenant's schema; the token and the data values never go into it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from guichet.audit import api as audit

from . import lookups
from .models import ConnectorSettings
from .sources import (
    ApiParticulierClient,
    ConnectorError,
    FetchedData,
    InvalidInput,
    NationalDataSource,
    NotConfigured,
    check_family_quotient_input,
)

TARGET_TYPE = "connector"
API_PARTICULIER = "api_particulier"
MAX_TIMEOUT = 30


def configure(
    *,
    enabled: bool,
    base_url: str = "",
    token: str | None = None,
    timeout_seconds: int = 10,
    actor: Any = None,
    schema_name: str | None = None,
) -> None:
    """Save the API Particulier settings of `schema_name` (default: the current schema).
    `token=None` (or "") keeps the stored token. InvalidInput (French message) when the
    address is not https or when enabling without any token."""
    if schema_name is not None:
        with schema_context(schema_name):
            return configure(
                enabled=enabled, base_url=base_url, token=token, timeout_seconds=timeout_seconds, actor=actor
            )
    base_url = (base_url or "").strip() or lookups.DEFAULT_BASE_URL
    problem = lookups.url_problem(base_url)
    if problem:
        raise InvalidInput(problem)
    if not 1 <= int(timeout_seconds) <= MAX_TIMEOUT:
        raise InvalidInput(_("Le délai d'attente est compris entre 1 et 30 secondes."))
    token = (token or "").strip()
    with transaction.atomic():
        row = ConnectorSettings.objects.select_for_update().filter(pk=1).first() or ConnectorSettings(pk=1)
        stored = row.api_particulier_token
        token_changed = bool(token) and token != stored
        if token_changed:
            row.api_particulier_token = token
        if enabled and not (token or stored):
            raise InvalidInput(_("Indiquez le jeton d'accès délivré par API Particulier pour activer le service."))
        row.api_particulier_enabled = enabled
        row.api_particulier_url = base_url.rstrip("/")
        row.timeout_seconds = int(timeout_seconds)
        row.updated_at = timezone.now()
        row.save()
        audit.record(
            "connectors.settings_changed",
            actor=actor,
            target_type=TARGET_TYPE,
            target_id=API_PARTICULIER,
            data={
                "enabled": enabled,
                "base_url": row.api_particulier_url,
                "token_changed": token_changed,
                "timeout_seconds": row.timeout_seconds,
            },
        )


def record_settings_refusal(*, actor: Any) -> None:
    """Someone who may not configure the connectors tried to save them."""
    audit.record("connectors.settings_refused", actor=actor, target_type=TARGET_TYPE, target_id=API_PARTICULIER)


def _client(row: ConnectorSettings) -> NationalDataSource:
    token = row.api_particulier_token
    if not token:
        raise NotConfigured()
    return ApiParticulierClient(base_url=row.api_particulier_url, token=token, timeout=float(row.timeout_seconds))


def check_connection(*, actor: Any = None) -> str:
    """Try the current schema's saved settings; a French report, or ConnectorError. Audited."""
    row = ConnectorSettings.objects.filter(pk=1).first()
    try:
        if row is None or not row.api_particulier_token:
            raise NotConfigured(_("Enregistrez d'abord un jeton d'accès."))
        report = _client(row).check()
    except ConnectorError as error:
        audit.record(
            "connectors.connection_tested",
            actor=actor,
            target_type=TARGET_TYPE,
            target_id=API_PARTICULIER,
            data={"outcome": error.outcome},
        )
        raise
    audit.record(
        "connectors.connection_tested",
        actor=actor,
        target_type=TARGET_TYPE,
        target_id=API_PARTICULIER,
        data={"outcome": "ok"},
    )
    return report


def _record_fetch(schema_name: str, action: str, *, actor: Any, outcome: str, source: str = "") -> None:
    with schema_context(schema_name), transaction.atomic():
        audit.record(
            action,
            actor=actor,
            target_type=TARGET_TYPE,
            target_id=API_PARTICULIER,
            data={"data": "quotient_familial", "outcome": outcome, "source": source or "API Particulier"},
        )


def fetch_family_quotient(
    *, schema_name: str, beneficiary_number: str, postal_code: str, actor: Any = None
) -> FetchedData:
    """The family quotient of an allocataire, with the settings (token) of `schema_name` only.
    Audited in that schema (which data, from where, the outcome; never the values)."""
    try:
        number, postal = check_family_quotient_input(beneficiary_number, postal_code)
        row = lookups.api_particulier_row(schema_name)
        if row is None:
            raise NotConfigured()
        fetched = _client(row).family_quotient(beneficiary_number=number, postal_code=postal)
    except ConnectorError as error:
        _record_fetch(schema_name, "connectors.fetch_failed", actor=actor, outcome=error.outcome)
        raise
    _record_fetch(schema_name, "connectors.fetched", actor=actor, outcome="ok", source=fetched.source_label)
    return fetched
