"""The silence clock (R-SVA-3): Démarches Simplifiées' reference computation, its three
worked cases, month ends, leap years, weeks and days, and pending corrections."""

from __future__ import annotations

import datetime as dt

import pytest

from guichet.casework.clock import CorrectionSpan, add_months, decision_date

D = dt.date


def test_r_sva_3_worked_case_without_correction() -> None:
    """R-SVA-3: submitted 2023-05-15, 2 months → 2023-07-16."""
    assert decision_date(submitted_on=D(2023, 5, 15), delay=2, unit="months", today=D(2023, 6, 1)) == D(2023, 7, 16)


def test_r_sva_3_worked_case_with_a_correction() -> None:
    """R-SVA-3: a correction from 05-20 to 05-25 adds its 6 days → 2023-07-22."""
    span = CorrectionSpan("incorrect", D(2023, 5, 20), D(2023, 5, 25))
    assert decision_date(submitted_on=D(2023, 5, 15), delay=2, unit="months", corrections=[span]) == D(2023, 7, 22)


def test_r_sva_3_worked_case_with_an_incomplete_correction() -> None:
    """R-SVA-3: the same correction as "incomplete" restarts the clock at 05-25 → 2023-07-26."""
    span = CorrectionSpan("incomplete", D(2023, 5, 20), D(2023, 5, 25))
    assert decision_date(submitted_on=D(2023, 5, 15), delay=2, unit="months", corrections=[span]) == D(2023, 7, 26)


def test_r_sva_3_a_pending_correction_counts_as_resolved_today() -> None:
    """R-SVA-3: pending since 05-20, today 06-01 → 13 more days; tomorrow one more."""
    span = CorrectionSpan("outdated", D(2023, 5, 20), None)
    on = decision_date(submitted_on=D(2023, 5, 15), delay=2, unit="months", corrections=[span], today=D(2023, 6, 1))
    assert on == D(2023, 7, 16) + dt.timedelta(days=13)
    later = decision_date(submitted_on=D(2023, 5, 15), delay=2, unit="months", corrections=[span], today=D(2023, 6, 2))
    assert later == on + dt.timedelta(days=1)


def test_r_sva_3_a_pending_incomplete_correction_keeps_pushing_the_start() -> None:
    """R-SVA-3: the acceptance clock only starts when the missing pieces arrive."""
    span = CorrectionSpan("incomplete", D(2023, 5, 20), None)
    on = decision_date(submitted_on=D(2023, 5, 15), delay=2, unit="months", corrections=[span], today=D(2023, 9, 1))
    assert on == D(2023, 11, 2)


def test_r_sva_3_restart_on_any_correction_when_the_service_says_so() -> None:
    span = CorrectionSpan("incorrect", D(2023, 5, 20), D(2023, 5, 25))
    on = decision_date(
        submitted_on=D(2023, 5, 15), delay=2, unit="months", corrections=[span], restart_on_any_correction=True
    )
    assert on == D(2023, 7, 26)


def test_r_sva_3_only_corrections_resolved_after_the_start_add_days() -> None:
    """An incorrect-piece correction resolved before the latest incomplete one adds nothing."""
    spans = [
        CorrectionSpan("incorrect", D(2023, 5, 16), D(2023, 5, 18)),
        CorrectionSpan("incomplete", D(2023, 5, 20), D(2023, 5, 25)),
        CorrectionSpan("outdated", D(2023, 6, 1), D(2023, 6, 3)),
    ]
    assert decision_date(submitted_on=D(2023, 5, 15), delay=2, unit="months", corrections=spans) == D(2023, 7, 29)


@pytest.mark.parametrize(
    ("submitted", "delay", "unit", "expected"),
    [
        (D(2023, 12, 30), 2, "months", D(2024, 2, 29)),  # 31 December + 2 months: leap-year February
        (D(2022, 12, 30), 2, "months", D(2023, 2, 28)),  # ... and in a common year
        (D(2024, 1, 30), 1, "months", D(2024, 2, 29)),  # 31 January + 1 month
        (D(2024, 2, 28), 12, "months", D(2025, 2, 28)),  # 29 February 2024 + 12 months
        (D(2023, 11, 30), 4, "months", D(2024, 4, 1)),  # over the year end
        (D(2023, 5, 15), 3, "weeks", D(2023, 6, 6)),
        (D(2023, 5, 15), 15, "days", D(2023, 5, 31)),
        (D(2024, 2, 27), 1, "days", D(2024, 2, 29)),
    ],
)
def test_r_sva_3_month_ends_leap_years_weeks_and_days(submitted: D, delay: int, unit: str, expected: D) -> None:
    """R-SVA-3: start + 1 day + delay, a month later clamped to the month's end."""
    assert decision_date(submitted_on=submitted, delay=delay, unit=unit, today=submitted) == expected


def test_add_months_clamps_to_the_end_of_the_month() -> None:
    assert add_months(D(2024, 3, 31), -1) == D(2024, 2, 29)
    assert add_months(D(2023, 8, 31), 1) == D(2023, 9, 30)


def test_an_unknown_unit_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown delay unit"):
        decision_date(submitted_on=D(2023, 5, 15), delay=2, unit="fortnights")
