"""Meldplicht moments as tables, including the days the clocks change."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from ketenzicht.reception import reporting

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:00,21:00", [time(9), time(21)]),
        ("21:00, 09:00", [time(9), time(21)]),
        ("", []),
        ("7:30", [time(7, 30)]),
    ],
)
def test_parse_times(text, expected):
    assert reporting.parse_times(text) == expected


@pytest.mark.parametrize("text", ["9", "25:00", "09:00,09:00", "negen uur"])
def test_bad_times_are_refused(text):
    with pytest.raises(ValueError):
        reporting.parse_times(text)


@pytest.mark.parametrize(
    ("per_day", "expected"),
    [
        (1, [time(8)]),
        (2, [time(8), time(22)]),
        (3, [time(8), time(15), time(22)]),
        (4, [time(8), time(12, 40), time(17, 20), time(22)]),
    ],
)
def test_spread_times(per_day, expected):
    assert reporting.spread_times(per_day) == expected


@pytest.mark.parametrize(
    ("day", "utc_hours"),
    [
        (date(2026, 3, 28), [8, 20]),  # Saturday before the clocks go forward: CET
        (date(2026, 3, 29), [7, 19]),  # Sunday, clocks went forward at 02:00: CEST
        (date(2026, 10, 25), [8, 20]),  # Sunday, clocks went back at 03:00: CET again
    ],
)
def test_moments_keep_wall_clock_time_across_the_clock_change(day, utc_hours):
    moments = reporting.moments_on(day, [time(9), time(21)])
    assert [m.astimezone(ZoneInfo("UTC")).hour for m in moments] == utc_hours
    assert [m.hour for m in moments] == [9, 21]


NINE = datetime(2026, 11, 24, 9, 0, tzinfo=AMS)


@pytest.mark.parametrize(
    ("now", "checked", "expected"),
    [
        (NINE - timedelta(hours=3), None, "upcoming"),
        (NINE - timedelta(hours=1), None, "open"),
        (NINE + timedelta(minutes=59), None, "open"),
        (NINE + timedelta(minutes=61), None, "missed"),
        (NINE + timedelta(hours=5), "present", "present"),
        (NINE + timedelta(hours=5), "excused", "excused"),
    ],
)
def test_state_of_a_moment(now, checked, expected):
    assert reporting.state_of(NINE, checked, now) == expected


def test_registration_window():
    assert reporting.may_register(NINE, NINE - timedelta(hours=2))
    assert not reporting.may_register(NINE, NINE - timedelta(hours=2, minutes=1))
    assert reporting.may_register(NINE, NINE + timedelta(hours=48))
    assert not reporting.may_register(NINE, NINE + timedelta(hours=48, minutes=1))


def test_moments_before_arrival_do_not_count():
    states = reporting.day_states(
        date(2026, 11, 24),
        [time(9), time(21)],
        {},
        NINE + timedelta(hours=13),
        since=NINE + timedelta(hours=2),
    )
    assert [s.moment.hour for s in states] == [21]
