"""The silence clock (R-SVA-3): when an implicit decision arises.

Reference computation (Démarches Simplifiées'):
    decision date = start + 1 day + delay + correction days
where `start` is the submission date, or the date the latest "incomplete" correction was
resolved (the latest correction of any kind when the service restarts the clock on every
correction); each correction resolved after `start` adds (resolved − requested + 1) days;
a pending correction counts as resolved today.

Pure functions of dates: no database, no clock reads unless `today` is left out.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class CorrectionSpan:
    reason: str  # "incomplete" | "incorrect" | "outdated"
    requested_on: dt.date
    resolved_on: dt.date | None  # None: still waiting for the citizen


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later, clamped to the month's end (31 January + 1 month = 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_delay(day: dt.date, delay: int, unit: str) -> dt.date:
    if unit == "months":
        return add_months(day, delay)
    if unit == "weeks":
        return day + dt.timedelta(weeks=delay)
    if unit == "days":
        return day + dt.timedelta(days=delay)
    raise ValueError(f"unknown delay unit {unit!r}")


def decision_date(
    *,
    submitted_on: dt.date,
    delay: int,
    unit: str,
    corrections: Iterable[CorrectionSpan] = (),
    restart_on_any_correction: bool = False,
    today: dt.date | None = None,
) -> dt.date:
    """The date the implicit decision arises (R-SVA-3)."""
    today = today or timezone.localdate()
    spans = [(c.reason, c.requested_on, c.resolved_on or today) for c in corrections]
    restarting = [resolved for reason, _, resolved in spans if restart_on_any_correction or reason == "incomplete"]
    start = max([submitted_on, *restarting])
    extra = sum(((resolved - requested).days + 1 for _, requested, resolved in spans if resolved > start), 0)
    return add_delay(start + dt.timedelta(days=1), delay, unit) + dt.timedelta(days=extra)
