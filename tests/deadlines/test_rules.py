"""Due dates under fixed times, across the clock change and weekends."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from ketenzicht.deadlines.rules import DeadlineRule, overdue

AMS = ZoneInfo("Europe/Amsterdam")
REPORT_24H = DeadlineRule(kind="report_to_police", version=1, hours=24)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # Tuesday afternoon → Wednesday afternoon
        (datetime(2026, 11, 24, 15, 0, tzinfo=AMS), datetime(2026, 11, 25, 15, 0, tzinfo=AMS)),
        # Friday night → Saturday night: chain agreements run through weekends
        (datetime(2026, 11, 27, 23, 30, tzinfo=AMS), datetime(2026, 11, 28, 23, 30, tzinfo=AMS)),
        # Saturday 28 March 2026, the night clocks go forward: 24 real hours later
        # is 03:00 local time on Sunday, not 02:00.
        (datetime(2026, 3, 28, 2, 0, tzinfo=AMS), datetime(2026, 3, 29, 3, 0, tzinfo=AMS)),
        # Saturday 24 October 2026, clocks go back that night: 24 real hours is 11:00.
        (datetime(2026, 10, 24, 12, 0, tzinfo=AMS), datetime(2026, 10, 25, 11, 0, tzinfo=AMS)),
    ],
)
def test_due_at_counts_real_hours(start, expected):
    assert REPORT_24H.due_at(start) == expected


def test_naive_start_is_refused():
    with pytest.raises(ValueError):
        REPORT_24H.due_at(datetime(2026, 11, 24, 15, 0))


@pytest.mark.parametrize(
    ("due", "met", "now", "expected"),
    [
        (datetime(2026, 1, 1, 12, tzinfo=AMS), None, datetime(2026, 1, 1, 13, tzinfo=AMS), True),
        (datetime(2026, 1, 1, 12, tzinfo=AMS), None, datetime(2026, 1, 1, 11, tzinfo=AMS), False),
        # met late is not overdue any more: it is done
        (
            datetime(2026, 1, 1, 12, tzinfo=AMS),
            datetime(2026, 1, 1, 14, tzinfo=AMS),
            datetime(2026, 1, 1, 15, tzinfo=AMS),
            False,
        ),
        # exactly at the due moment it is still on time
        (datetime(2026, 1, 1, 12, tzinfo=AMS), None, datetime(2026, 1, 1, 12, tzinfo=AMS), False),
    ],
)
def test_overdue(due, met, now, expected):
    assert overdue(due, met, now) is expected
