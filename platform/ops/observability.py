"""Tenant and request context for logs and Sentry events."""

from __future__ import annotations

import contextvars
import logging
from typing import Any

from django.conf import settings
from django.db import connection

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("guichet_request_id", default="-")


def bind_request(*, request_id: str) -> None:
    _request_id.set(request_id)


def current_request_id() -> str:
    return _request_id.get()


def current_schema() -> str:
    return str(getattr(connection, "schema_name", "") or "-")


def bind_tenant(schema_name: str) -> None:
    try:
        import sentry_sdk

        sentry_sdk.get_isolation_scope().set_tag("tenant", schema_name)
    except Exception:  # Sentry is optional; never let it break a request
        logging.getLogger(__name__).debug("sentry tag not set", exc_info=True)


def sentry_before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """Every event carries the schema it happened in; no user's personal data."""
    event.setdefault("tags", {})["tenant"] = current_schema()
    event.pop("user", None)
    return event


def init_sentry(dsn: str | None = None, **extra: Any) -> bool:
    dsn = dsn if dsn is not None else settings.SENTRY_DSN
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=settings.SENTRY_ENVIRONMENT,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        # Personal data off: no user info, no request bodies, no SQL parameters, no local
        # variables of stack frames (they may hold a citizen's data).
        data_collection={
            "user_info": False,
            "http_bodies": [],
            "database_query_data": False,
            "stack_frame_variables": False,
        },
        before_send=sentry_before_send,  # type: ignore[arg-type]
        traces_sample_rate=0.0,
        **extra,
    )
    return True


def connect_task_context() -> None:
    """Celery tasks: tag Sentry with the task's schema once tenant-schemas-celery set it."""
    from celery.signals import task_prerun

    def _bind(**_: Any) -> None:
        bind_tenant(current_schema())

    task_prerun.connect(_bind, weak=False, dispatch_uid="guichet-task-tenant")
