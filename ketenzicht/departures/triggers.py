"""Finding suspected departures in reception data (the system proposes, a person decides).

Three chain triggers, with thresholds from `rules.DepartureRules`:
- missed reporting moments: the last N (default 2) meldplicht moments of an
  amv/BO location passed without a presence check;
- no arrival: a planned placement (transfer) without arrival 48 hours after
  the planned arrival;
- no presence registration: 8 days without a presence check (adult locations).

A fixed number of queries per scan: one per distinct reporting schedule, one
each for the other two triggers, and three for the exclusions.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.reception.models import DEFAULT_REPORTING_TIMES, Location, Placement

from .models import (
    DepartureCase,
    DepartureStatus,
    Outcome,
    ProposalStatus,
    Trigger,
    TriggerProposal,
)
from .rules import DepartureRules


def parse_times(value: str) -> list[time]:
    result = []
    for part in (value or "").split(","):
        part = part.strip()
        if not part:
            continue
        hours, _sep, minutes = part.partition(":")
        result.append(time(int(hours), int(minutes or 0)))
    return sorted(result)


def last_moments(now: datetime, times: list[time], count: int) -> list[datetime]:
    """The last `count` reporting moments at or before `now`, oldest first (local time)."""
    if not times or count <= 0:
        return []
    tz = timezone.get_default_timezone()
    today: date = timezone.localtime(now, tz).date()
    moments: list[datetime] = []
    day = today
    while len(moments) < count:
        for t in reversed(times):
            moment = timezone.make_aware(datetime.combine(day, t), tz)
            if moment <= now:
                moments.append(moment)
                if len(moments) == count:
                    break
        day -= timedelta(days=1)
    return sorted(moments)


def _fmt(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")


def _open_placements():
    return Placement.objects.filter(ended_at__isnull=True, person__merged_into__isnull=True)


def find_suspicions(*, now: datetime, rules: DepartureRules) -> list:
    from .services import Suspicion

    found: list[Suspicion] = []

    # 1. Missed reporting moments, per distinct schedule.
    schedules: dict[str, list[int]] = defaultdict(list)
    for loc_id, loc_type, times in Location.objects.filter(
        location_type__in=rules.missed_reporting_location_types
    ).values_list("id", "location_type", "reporting_times"):
        schedules[times or DEFAULT_REPORTING_TIMES.get(loc_type, "")].append(loc_id)
    for times, location_ids in schedules.items():
        moments = last_moments(now, parse_times(times), rules.missed_reporting_moments)
        if not moments:
            continue
        rows = (
            _open_placements()
            .filter(location_id__in=location_ids, arrived_at__lte=moments[0])
            .annotate(
                checked=Count("presence_checks", filter=Q(presence_checks__moment__in=moments))
            )
            .filter(checked=0)
            .values_list("id", "person_id", "location_id")
        )
        evidence = _("Missed the last %(n)s reporting moments (%(moments)s).") % {
            "n": len(moments),
            "moments": ", ".join(_fmt(m) for m in moments),
        }
        found += [
            Suspicion(pl, person, loc, Trigger.MISSED_REPORTING, evidence, moments[0])
            for pl, person, loc in rows
        ]

    # 2. No arrival within the threshold after the planned arrival.
    late = now - timedelta(hours=rules.no_arrival_hours)
    for pl, person, loc, planned in (
        _open_placements()
        .filter(arrived_at__isnull=True, planned_arrival__lte=late)
        .values_list("id", "person_id", "location_id", "planned_arrival")
    ):
        evidence = _("Planned to arrive on %(planned)s, not arrived after %(hours)s hours.") % {
            "planned": _fmt(planned),
            "hours": rules.no_arrival_hours,
        }
        found.append(Suspicion(pl, person, loc, Trigger.NO_ARRIVAL, evidence, planned))

    # 3. No presence registration for N days (adult locations).
    quiet_since = now - timedelta(days=rules.no_presence_days)
    for pl, person, loc, arrived, last in (
        _open_placements()
        .filter(
            location__location_type__in=rules.no_presence_location_types,
            arrived_at__lte=quiet_since,
        )
        .annotate(last=Max("presence_checks__moment"))
        .filter(Q(last__isnull=True) | Q(last__lt=quiet_since))
        .values_list("id", "person_id", "location_id", "arrived_at", "last")
    ):
        since = last or arrived
        evidence = _("No presence registration since %(since)s (%(days)s days or more).") % {
            "since": _fmt(since),
            "days": rules.no_presence_days,
        }
        found.append(Suspicion(pl, person, loc, Trigger.NO_PRESENCE, evidence, since))

    return _without_known(found)


def _without_known(found: list) -> list:
    """Drop persons with a departure that is not closed, pending proposals, and suspicions
    a person already dismissed after they started."""
    if not found:
        return []
    person_ids = {s.person_id for s in found}
    placement_ids = {s.placement_id for s in found}
    open_cases = set(
        DepartureCase.objects.filter(person_id__in=person_ids)
        .exclude(status=DepartureStatus.CLOSED)
        .values_list("person_id", flat=True)
    )
    # A placement the person left for good (closed case, not returned to reception)
    # is not a new departure every day until the location ends it.
    left = set(
        DepartureCase.objects.filter(placement_id__in=placement_ids)
        .exclude(outcome=Outcome.RETURNED_TO_RECEPTION)
        .values_list("placement_id", flat=True)
    )
    pending: set[tuple[int, str]] = set()
    dismissed: dict[tuple[int, str], datetime] = {}
    for placement_id, trigger, status, decided_at in TriggerProposal.objects.filter(
        placement_id__in=placement_ids
    ).values_list("placement_id", "trigger", "status", "decided_at"):
        key = (placement_id, trigger)
        if status == ProposalStatus.PENDING:
            pending.add(key)
        elif decided_at:  # dismissed or confirmed: decided by a person
            dismissed[key] = max(decided_at, dismissed.get(key, decided_at))
    result = []
    for s in found:
        key = (s.placement_id, s.trigger)
        if s.person_id in open_cases or s.placement_id in left or key in pending:
            continue
        if key in dismissed and dismissed[key] >= s.suspected_since:
            continue
        result.append(s)
    return result
