"""Statistics of the requests a tenant handles, by intake channel (issue #6: "the channel is
kept on the request and feeds statistics"), by service and, in an EPCI, by commune of origin.

Pure reads over the current schema; the admin page (`admin_views.StatisticsView`) and its CSV
export show them. The period is by submission date, both ends included.
"""

from __future__ import annotations

import datetime as dt
import statistics as stats
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils import timezone

from .models import FINAL_STATES, OPEN_STATES, IntakeChannel, Request, State

IMPLICIT_STATES = (State.IMPLICITLY_ACCEPTED, State.IMPLICITLY_REJECTED)


@dataclass
class ChannelRow:
    channel: str
    label: str
    submitted: int = 0
    open: int = 0
    decided: int = 0
    implicit: int = 0
    median_days: float | None = None
    durations: list[float] = field(default_factory=list, repr=False)

    @property
    def share_implicit(self) -> float | None:
        """Share of the decided requests that were decided by silence (lower is better)."""
        return (self.implicit / self.decided) if self.decided else None


@dataclass(frozen=True)
class Statistics:
    start: dt.date
    end: dt.date
    total: int
    by_channel: list[ChannelRow]
    # service title → channel → count, and commune of origin → channel → count
    by_service: list[tuple[str, dict[str, int], int]]
    by_origin: list[tuple[str, dict[str, int], int]]


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


def _matrix(rows: Iterable[Mapping[str, Any]], key: str) -> list[tuple[str, dict[str, int], int]]:
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        table[str(row[key])][str(row["channel"])] = int(row["n"])
    return sorted(
        ((name, counts, sum(counts.values())) for name, counts in table.items()),
        key=lambda item: (-item[2], item[0]),
    )


def compute(*, start: dt.date, end: dt.date) -> Statistics:
    """Requests submitted between `start` and `end` in the current schema."""
    low, high = _bounds(start, end)
    requests = Request.objects.exclude(state=State.DRAFT).filter(submitted_at__gte=low, submitted_at__lt=high)
    rows = {value: ChannelRow(channel=value, label=str(label)) for value, label in IntakeChannel.choices}
    for channel, state, submitted_at, decided_at in requests.values_list(
        "channel", "state", "submitted_at", "decided_at"
    ):
        row = rows.setdefault(channel, ChannelRow(channel=channel, label=channel))
        row.submitted += 1
        if state in OPEN_STATES:
            row.open += 1
        elif state in FINAL_STATES and decided_at is not None:
            row.decided += 1
            row.implicit += state in IMPLICIT_STATES
            row.durations.append((decided_at - submitted_at).total_seconds() / 86400)
    for row in rows.values():
        row.median_days = round(stats.median(row.durations), 1) if row.durations else None
    by_service = _matrix(requests.values("service_title", "channel").annotate(n=Count("id")), "service_title")
    by_origin = _matrix(requests.values("origin_name", "channel").annotate(n=Count("id")), "origin_name")
    return Statistics(
        start=start,
        end=end,
        total=sum(r.submitted for r in rows.values()),
        by_channel=list(rows.values()),
        by_service=by_service,
        by_origin=by_origin,
    )
