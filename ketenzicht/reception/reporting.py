"""Meldplicht (reporting duty): which moments a person must report at, and their state.

Pure functions on times and dates; no database. Moments are wall-clock times in
Europe/Amsterdam (a 09:00 moment stays at 09:00 across the clock change).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# A moment may be registered from two hours before until the end of the grace
# period; after that, without a check, it is missed.
EARLY = timedelta(hours=2)
GRACE = timedelta(hours=1)
# Late registrations (a mentor catching up after a busy night) are accepted for 48 hours.
LATE_WINDOW = timedelta(hours=48)
# An individual override of N moments a day spreads them over the waking day.
OVERRIDE_FIRST, OVERRIDE_LAST = time(8, 0), time(22, 0)


def parse_times(text: str) -> list[time]:
    """ "09:00,21:00" → [09:00, 21:00]; raises ValueError with the offending part."""
    result = []
    for part in (p.strip() for p in (text or "").split(",")):
        if not part:
            continue
        try:
            hours, minutes = part.split(":")
            result.append(time(int(hours), int(minutes)))
        except ValueError as exc:
            raise ValueError(part) from exc
    if len(set(result)) != len(result):
        raise ValueError("duplicate")
    return sorted(result)


def spread_times(per_day: int) -> list[time]:
    """N moments from 08:00 to 22:00, evenly spaced (one moment: 08:00)."""
    if per_day <= 0:
        return []
    if per_day == 1:
        return [OVERRIDE_FIRST]
    first = OVERRIDE_FIRST.hour * 60 + OVERRIDE_FIRST.minute
    last = OVERRIDE_LAST.hour * 60 + OVERRIDE_LAST.minute
    step = (last - first) / (per_day - 1)
    return [time(*divmod(round(first + i * step), 60)) for i in range(per_day)]


def moments_on(day: date, times: list[time]) -> list[datetime]:
    return [datetime.combine(day, t, tzinfo=AMSTERDAM) for t in times]


@dataclass(frozen=True)
class MomentState:
    moment: datetime
    state: str  # "upcoming", "open", "present", "excused", "missed"


def state_of(moment: datetime, checked: str | None, now: datetime) -> str:
    if checked:
        return checked
    if now < moment - EARLY:
        return "upcoming"
    if now <= moment + GRACE:
        return "open"
    return "missed"


def may_register(moment: datetime, now: datetime) -> bool:
    return moment - EARLY <= now <= moment + LATE_WINDOW


def day_states(
    day: date,
    times: list[time],
    checks: dict[datetime, str],
    now: datetime,
    since: datetime | None = None,
) -> list[MomentState]:
    """The states of a day's moments; moments before `since` (arrival) do not count."""
    return [
        MomentState(m, state_of(m, checks.get(m), now))
        for m in moments_on(day, times)
        if since is None or m >= since
    ]
