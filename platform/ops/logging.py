"""Logging filter adding the tenant's schema and the request id to every record."""

from __future__ import annotations

import logging

from .observability import current_request_id, current_schema


class TenantContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "tenant"):
            try:
                record.tenant = current_schema()
            except Exception:  # settings not ready (very early logging)
                record.tenant = "-"
        record.request_id = current_request_id()
        return True
